using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.ResNet;

// ResNet in transformers' data-flow order (transformers/models/resnet/modeling_resnet.py, v4.43). Field names are the
// state_dict key segments (`resnet.embedder.embedder.convolution.weight`,
// `resnet.encoder.stages.1.layers.0.layer.2.normalization.running_var`). BatchNorm runs in eval mode on the stored
// running statistics (eps 1e-5). Hidden states are N×C×H×W stored channels-last (ChannelsLast): the same values.

/// <summary>
/// Mirrors ResNetConvLayer: convolution (padding k // 2, no bias), BatchNorm, activation (none for the last of a block).
/// Fused for inference (<see cref="InferenceFusion"/>): one convolution with the BatchNorm folded in; a 1×1 one as a
/// matrix product (<see cref="PointwiseAsProduct"/>: the same bits at any thread count, unlike oneDNN's).
/// </summary>
public sealed class ResNetConvLayer : nn.Module<Tensor, Tensor>, IInferenceFusable
{
    private readonly Conv2d convolution;
    private readonly BatchNorm2d normalization;
    private readonly string? activation;
    private readonly int kernelSize;
    private readonly int stride;
    private FoldedConvolution? folded;

    public ResNetConvLayer(int inChannels, int outChannels, int kernelSize = 3, int stride = 1, string? activation = "relu")
        : base(nameof(ResNetConvLayer))
    {
        convolution = nn.Conv2d(inChannels, outChannels, kernel_size: kernelSize, stride: stride, padding: kernelSize / 2, bias: false);
        normalization = nn.BatchNorm2d(outChannels, eps: ResNetModel.BatchNormEps);
        this.activation = activation;
        this.kernelSize = kernelSize;
        this.stride = stride;
        RegisterComponents();
    }

    void IInferenceFusable.Fuse()
    {
        folded?.Dispose();
        folded = new FoldedConvolution(convolution, normalization, ResNetModel.BatchNormEps, kernelSize, stride);
    }

    /// <summary>The convolution and its BatchNorm, before the activation (which the caller may fuse with a residual add).</summary>
    internal Tensor ConvolveAndNormalise(Tensor x) => folded?.Apply(x) ?? normalization.forward(convolution.forward(x));

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = ConvolveAndNormalise(x);
        return (activation is null ? h : Activations.ApplyInPlace(activation, h)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) folded?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Mirrors ResNetEmbeddings: 7×7 stride-2 convolution + BatchNorm + activation, then 3×3 stride-2 max-pool (padding 1).</summary>
public sealed class ResNetEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly ResNetConvLayer embedder;
    private readonly MaxPool2d pooler;
    private readonly int channels;

    public ResNetEmbeddings(ResNetConfig config) : base(nameof(ResNetEmbeddings))
    {
        channels = config.NumChannels;
        embedder = new ResNetConvLayer(config.NumChannels, config.EmbeddingSize, kernelSize: 7, stride: 2, activation: config.HiddenAct);
        pooler = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        if (pixelValues.dim() != 4 || pixelValues.shape[1] != channels)
            throw new ArgumentException(
                "Make sure that the channel dimension of the pixel values match with the one set in the configuration: " +
                $"expected N×{channels}×H×W, found [{string.Join(", ", pixelValues.shape)}].", nameof(pixelValues));
        return pooler.forward(embedder.forward(pixelValues)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ResNetShortCut: 1×1 convolution (stride) + BatchNorm, projecting the residual to the new shape (folded, as a
/// matrix product, when fused).</summary>
public sealed class ResNetShortCut : nn.Module<Tensor, Tensor>, IInferenceFusable
{
    private readonly Conv2d convolution;
    private readonly BatchNorm2d normalization;
    private readonly int stride;
    private FoldedConvolution? folded;

    public ResNetShortCut(int inChannels, int outChannels, int stride) : base(nameof(ResNetShortCut))
    {
        convolution = nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false);
        normalization = nn.BatchNorm2d(outChannels, eps: ResNetModel.BatchNormEps);
        this.stride = stride;
        RegisterComponents();
    }

    void IInferenceFusable.Fuse()
    {
        folded?.Dispose();
        folded = new FoldedConvolution(convolution, normalization, ResNetModel.BatchNormEps, 1, stride);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (folded?.Apply(x) ?? normalization.forward(convolution.forward(x))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) folded?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// Mirrors ResNetBasicLayer and ResNetBottleNeckLayer (one class, the block's convolutions in <c>layer</c>): residual =
/// shortcut (when channels or stride change, else identity); basic = 3×3 (stride), 3×3; bottleneck = 1×1 reduce to C/4,
/// 3×3, 1×1 expand, with the stride in the 3×3 (or the first 1×1 with <c>downsample_in_bottleneck</c>); add, activation.
/// </summary>
public sealed class ResNetLayer : nn.Module<Tensor, Tensor>
{
    private readonly ResNetShortCut? shortcut; // nn.Identity when the shape is unchanged
    private readonly ModuleList<ResNetConvLayer> layer;
    private readonly string activation;

    public ResNetLayer(ResNetConfig config, int inChannels, int outChannels, int stride, bool downsampleInBottleneck)
        : base(config.Bottleneck ? "ResNetBottleNeckLayer" : "ResNetBasicLayer")
    {
        activation = config.HiddenAct;
        shortcut = inChannels != outChannels || stride != 1 ? new ResNetShortCut(inChannels, outChannels, stride) : null;
        if (config.Bottleneck)
        {
            int reduced = outChannels / 4;
            layer = nn.ModuleList(
                new ResNetConvLayer(inChannels, reduced, kernelSize: 1, stride: downsampleInBottleneck ? stride : 1),
                new ResNetConvLayer(reduced, reduced, stride: downsampleInBottleneck ? 1 : stride),
                new ResNetConvLayer(reduced, outChannels, kernelSize: 1, activation: null));
        }
        else
        {
            layer = nn.ModuleList(
                new ResNetConvLayer(inChannels, outChannels, stride: stride),
                new ResNetConvLayer(outChannels, outChannels, activation: null));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor residual = shortcut?.forward(x) ?? x;
        Tensor h = x;
        for (int i = 0; i < layer.Count - 1; i++) h = layer[i].forward(h);
        // The last convolution has no activation: add the residual and activate in place on its fresh output.
        h = layer[layer.Count - 1].ConvolveAndNormalise(h).add_(residual);
        return Activations.ApplyInPlace(activation, h).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ResNetStage: a first layer that changes width and strides, then depth − 1 layers at the new width.</summary>
public sealed class ResNetStage : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ResNetLayer> layers;

    public ResNetStage(ResNetConfig config, int inChannels, int outChannels, int stride, int depth) : base(nameof(ResNetStage))
    {
        // transformers passes downsample_in_bottleneck to the first bottleneck layer only; the others never stride.
        var list = new List<ResNetLayer> { new(config, inChannels, outChannels, stride, config.DownsampleInBottleneck) };
        for (int i = 1; i < depth; i++) list.Add(new ResNetLayer(config, outChannels, outChannels, 1, false));
        layers = nn.ModuleList(list.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = x;
        foreach (ResNetLayer l in layers) h = l.forward(h);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ResNetEncoder with <c>output_hidden_states=True</c>: (embedder output, each stage's output), N×C×H×W.</summary>
public sealed class ResNetEncoder : nn.Module<Tensor, IReadOnlyList<Tensor>>
{
    private readonly ModuleList<ResNetStage> stages;

    public ResNetEncoder(ResNetConfig config) : base(nameof(ResNetEncoder))
    {
        var list = new List<ResNetStage>
        {
            new(config, config.EmbeddingSize, config.HiddenSizes[0], config.DownsampleInFirstStage ? 2 : 1, config.Depths[0]),
        };
        for (int i = 1; i < config.NumStages; i++)
            list.Add(new ResNetStage(config, config.HiddenSizes[i - 1], config.HiddenSizes[i], 2, config.Depths[i]));
        stages = nn.ModuleList(list.ToArray());
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> forward(Tensor embeddings)
    {
        var all = new List<Tensor>(stages.Count + 1) { embeddings };
        foreach (ResNetStage stage in stages) all.Add(stage.forward(all[^1]));
        return all;
    }
}

/// <summary>
/// Mirrors ResNetModel: embedder, encoder; <c>last_hidden_state</c> = the last stage's feature map, <c>pooler_output</c> =
/// AdaptiveAvgPool2d((1, 1)) of it, N×C×1×1 (no weights).
/// </summary>
public sealed class ResNetModel : nn.Module<Tensor, VisionModelOutput>
{
    /// <summary>nn.BatchNorm2d's default eps, which transformers' ResNet uses.</summary>
    internal const double BatchNormEps = 1e-5;

    private readonly ResNetEmbeddings embedder;
    private readonly ResNetEncoder encoder;

    public ResNetModel(ResNetConfig config) : base(nameof(ResNetModel))
    {
        embedder = new ResNetEmbeddings(config);
        encoder = new ResNetEncoder(config);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        // Channels-last from the first convolution on (same values; oneDNN then reorders nothing between layers).
        IReadOnlyList<Tensor> hidden = encoder.forward(embedder.forward(ChannelsLast.From(pixelValues)));
        Tensor last = hidden[^1];
        Tensor pooled = nn.functional.adaptive_avg_pool2d(last, [1, 1]);
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ResNetForImageClassification: ResNetModel, then <c>classifier</c> = Sequential(Flatten, Linear) on the pooled output.</summary>
public sealed class ResNetForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ResNetModel resnet;
    private readonly Sequential classifier;

    public ResNetForImageClassification(ResNetConfig config) : base(nameof(ResNetForImageClassification))
    {
        resnet = new ResNetModel(config);
        classifier = config.NumLabels > 0
            ? nn.Sequential(("0", nn.Flatten()), ("1", nn.Linear(config.HiddenSizes[^1], config.NumLabels)))
            : nn.Sequential(("0", nn.Flatten()), ("1", nn.Identity()));
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = resnet.forward(pixelValues);
        Tensor logits = classifier.forward(baseOutput.PoolerOutput!);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
