using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.ConvNext;

// ConvNeXt in transformers' data-flow order (transformers/models/convnext/modeling_convnext.py, v4.43). Field names are
// the state_dict key segments (`convnext.encoder.stages.1.downsampling_layer.0.weight`,
// `convnext.encoder.stages.0.layers.0.layer_scale_parameter`). Drop-path is omitted: inference only.

/// <summary>
/// Mirrors ConvNextLayerNorm: channels_last = <c>F.layer_norm</c> over the last axis; channels_first (N×C×H×W) = by hand
/// in float32 — mean and biased variance over C, (x − u) / √(s + eps), back to the input dtype, then weight·x + bias.
/// </summary>
public sealed class ConvNextLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double eps;
    private readonly bool channelsFirst;

    public ConvNextLayerNorm(int channels, double eps, bool channelsFirst) : base(nameof(ConvNextLayerNorm))
    {
        weight = nn.Parameter(ones(channels));
        bias = nn.Parameter(zeros(channels));
        this.eps = eps;
        this.channelsFirst = channelsFirst;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        if (!channelsFirst) return nn.functional.layer_norm(x, [weight.shape[0]], weight, bias, eps).MoveToOuterDisposeScope();
        Tensor f = x.to(ScalarType.Float32);
        Tensor u = f.mean([1L], keepdim: true);
        Tensor s = (f - u).pow(2).mean([1L], keepdim: true);
        Tensor normalised = ((f - u) / (s + eps).sqrt()).to(x.dtype);
        return (weight.view(-1, 1, 1) * normalised + bias.view(-1, 1, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ConvNextEmbeddings: the "patchify" stem, a p×p stride-p convolution, then a channels-first LayerNorm (eps 1e-6).</summary>
public sealed class ConvNextEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embeddings;
    private readonly ConvNextLayerNorm layernorm;
    private readonly int channels;

    public ConvNextEmbeddings(ConvNextConfig config) : base(nameof(ConvNextEmbeddings))
    {
        channels = config.NumChannels;
        patch_embeddings = nn.Conv2d(config.NumChannels, config.HiddenSizes[0], kernel_size: config.PatchSize, stride: config.PatchSize);
        layernorm = new ConvNextLayerNorm(config.HiddenSizes[0], 1e-6, channelsFirst: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        if (pixelValues.dim() != 4 || pixelValues.shape[1] != channels)
            throw new ArgumentException(
                $"pixel_values must be N×{channels}×H×W (num_channels in config.json), found shape [{string.Join(", ", pixelValues.shape)}].", nameof(pixelValues));
        return layernorm.forward(patch_embeddings.forward(pixelValues)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors ConvNextLayer: depthwise 7×7 convolution (padding 3), channels-last LayerNorm (eps 1e-6), Linear C → 4C,
/// activation, Linear 4C → C, times <c>layer_scale_parameter</c>, residual.
/// </summary>
public sealed class ConvNextLayer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d dwconv;
    private readonly ConvNextLayerNorm layernorm;
    private readonly Linear pwconv1;
    private readonly Linear pwconv2;
    private readonly Parameter? layer_scale_parameter;
    private readonly string activation;

    public ConvNextLayer(ConvNextConfig config, int dim) : base(nameof(ConvNextLayer))
    {
        dwconv = nn.Conv2d(dim, dim, kernel_size: 7, padding: 3, groups: dim);
        layernorm = new ConvNextLayerNorm(dim, 1e-6, channelsFirst: false);
        pwconv1 = nn.Linear(dim, 4L * dim);
        pwconv2 = nn.Linear(4L * dim, dim);
        layer_scale_parameter = config.LayerScaleInitValue > 0 ? nn.Parameter(full(dim, config.LayerScaleInitValue)) : null;
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = dwconv.forward(x).permute(0, 2, 3, 1); // (N, C, H, W) -> (N, H, W, C)
        h = pwconv2.forward(Activations.Apply(activation, pwconv1.forward(layernorm.forward(h))));
        if (layer_scale_parameter is not null) h = layer_scale_parameter * h;
        return (x + h.permute(0, 3, 1, 2)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors ConvNextStage: a downsampling layer (channels-first LayerNorm eps 1e-6, then a 2×2 stride-2 convolution) when
/// the width or resolution changes — every stage but the first — then its blocks.
/// </summary>
public sealed class ConvNextStage : nn.Module<Tensor, Tensor>
{
    private readonly Sequential? downsampling_layer; // nn.Identity otherwise
    private readonly ModuleList<ConvNextLayer> layers;

    public ConvNextStage(ConvNextConfig config, int inChannels, int outChannels, int stride, int depth) : base(nameof(ConvNextStage))
    {
        if (inChannels != outChannels || stride > 1)
            downsampling_layer = nn.Sequential(
                ("0", new ConvNextLayerNorm(inChannels, 1e-6, channelsFirst: true)),
                ("1", nn.Conv2d(inChannels, outChannels, kernel_size: stride, stride: stride)));
        layers = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => new ConvNextLayer(config, outChannels)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = downsampling_layer?.forward(x) ?? x;
        foreach (ConvNextLayer layer in layers) h = layer.forward(h);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ConvNextEncoder with <c>output_hidden_states=True</c>: (stem output, each stage's output), N×C×H×W.</summary>
public sealed class ConvNextEncoder : nn.Module<Tensor, IReadOnlyList<Tensor>>
{
    private readonly ModuleList<ConvNextStage> stages;

    public ConvNextEncoder(ConvNextConfig config) : base(nameof(ConvNextEncoder))
    {
        var list = new List<ConvNextStage>();
        int previous = config.HiddenSizes[0];
        for (int i = 0; i < config.NumStages; i++)
        {
            list.Add(new ConvNextStage(config, previous, config.HiddenSizes[i], stride: i > 0 ? 2 : 1, config.Depths[i]));
            previous = config.HiddenSizes[i];
        }
        stages = nn.ModuleList(list.ToArray());
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> forward(Tensor embeddings)
    {
        var all = new List<Tensor>(stages.Count + 1) { embeddings };
        foreach (ConvNextStage stage in stages) all.Add(stage.forward(all[^1]));
        return all;
    }
}

/// <summary>
/// Mirrors ConvNextModel: embeddings, encoder; <c>last_hidden_state</c> = the last stage's feature map,
/// <c>pooler_output</c> = LayerNorm(eps = layer_norm_eps) of its spatial mean (the LayerNorm is always built).
/// </summary>
public sealed class ConvNextModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ConvNextEmbeddings embeddings;
    private readonly ConvNextEncoder encoder;
    private readonly LayerNorm layernorm;

    public ConvNextModel(ConvNextConfig config) : base(nameof(ConvNextModel))
    {
        embeddings = new ConvNextEmbeddings(config);
        encoder = new ConvNextEncoder(config);
        layernorm = nn.LayerNorm(config.HiddenSizes[^1], eps: config.LayerNormEps);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues));
        Tensor last = hidden[^1];
        Tensor pooled = layernorm.forward(last.mean([-2L, -1L]));
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ConvNextForImageClassification: ConvNextModel, a linear head on the pooled output.</summary>
public sealed class ConvNextForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ConvNextModel convnext;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public ConvNextForImageClassification(ConvNextConfig config) : base(nameof(ConvNextForImageClassification))
    {
        convnext = new ConvNextModel(config);
        classifier = config.NumLabels > 0 ? nn.Linear(config.HiddenSizes[^1], config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = convnext.forward(pixelValues);
        Tensor logits = classifier is null ? baseOutput.PoolerOutput!.clone() : classifier.forward(baseOutput.PoolerOutput!);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
