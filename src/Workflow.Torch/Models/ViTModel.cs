using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

// ViT in transformers' data-flow order (transformers/models/vit/modeling_vit.py, v4.43). Field names are the
// state_dict key segments, so `vit.encoder.layer.0.attention.attention.query.weight` loads without renaming.
// Dropout is omitted: these modules only run in inference.

/// <summary>Mirrors ViTPatchEmbeddings: a stride-p convolution, flattened to (N, patches, C).</summary>
public sealed class ViTPatchEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d projection;
    private readonly VisionConfig config;

    public ViTPatchEmbeddings(VisionConfig config) : base(nameof(ViTPatchEmbeddings))
    {
        this.config = config;
        projection = nn.Conv2d(config.NumChannels, config.HiddenSize,
            kernel_size: (config.PatchHeight, config.PatchWidth), stride: (config.PatchHeight, config.PatchWidth));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        // Any size of at least one patch: ViTEmbeddings interpolates the position table (interpolate_pos_encoding).
        PixelValuesCheck.RequireChannels(pixelValues, config.NumChannels, config.PatchHeight, config.PatchWidth);
        return projection.forward(pixelValues).flatten(2).transpose(1, 2).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors ViTEmbeddings: CLS token, patch embeddings, absolute position embeddings — at another input size than the
/// configured one interpolated as <c>forward(..., interpolate_pos_encoding=True)</c> does (see <see cref="PositionEmbeddingInterpolation"/>).
/// </summary>
public sealed class ViTEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter? mask_token; // only with use_mask_token; unused without bool_masked_pos
    private readonly ViTPatchEmbeddings patch_embeddings;
    private readonly Parameter position_embeddings;
    private readonly VisionConfig config;

    public ViTEmbeddings(VisionConfig config) : base(nameof(ViTEmbeddings))
    {
        this.config = config;
        cls_token = nn.Parameter(zeros(1, 1, config.HiddenSize));
        mask_token = config.UseMaskToken ? nn.Parameter(zeros(1, 1, config.HiddenSize)) : null;
        patch_embeddings = new ViTPatchEmbeddings(config);
        position_embeddings = nn.Parameter(zeros(1, config.SequenceLength, config.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        Tensor patches = patch_embeddings.forward(pixelValues);
        Tensor cls = cls_token.expand(patches.shape[0], -1, -1);
        bool configuredSize = pixelValues.shape[2] == config.ImageHeight && pixelValues.shape[3] == config.ImageWidth;
        Tensor table = configuredSize ? position_embeddings : PositionEmbeddingInterpolation.ForGrid(position_embeddings, 1,
            pixelValues.shape[2] / config.PatchHeight, pixelValues.shape[3] / config.PatchWidth, pixelValues.shape[2] == pixelValues.shape[3]);
        return (cat([cls, patches], 1) + table).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTSelfAttention (and ViTSdpaSelfAttention): query/key/value with <c>qkv_bias</c>.</summary>
public sealed class ViTSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int heads;

    public ViTSelfAttention(VisionConfig config) : base(nameof(ViTSelfAttention))
    {
        heads = config.NumAttentionHeads;
        query = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: config.QkvBias);
        key = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: config.QkvBias);
        value = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: config.QkvBias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor q = ScaledDotProductAttention.SplitHeads(query.forward(hiddenStates), heads);
        Tensor k = ScaledDotProductAttention.SplitHeads(key.forward(hiddenStates), heads);
        Tensor v = ScaledDotProductAttention.SplitHeads(value.forward(hiddenStates), heads);
        return ScaledDotProductAttention.Attend(q, k, v, bias: null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTSelfOutput: the output projection (the residual is added in ViTLayer).</summary>
public sealed class ViTSelfOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public ViTSelfOutput(VisionConfig config) : base(nameof(ViTSelfOutput))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => dense.forward(hiddenStates);
}

/// <summary>Mirrors ViTAttention: self-attention followed by its output projection.</summary>
public sealed class ViTAttention : nn.Module<Tensor, Tensor>
{
    private readonly ViTSelfAttention attention;
    private readonly ViTSelfOutput output;

    public ViTAttention(VisionConfig config) : base(nameof(ViTAttention))
    {
        attention = new ViTSelfAttention(config);
        output = new ViTSelfOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return output.forward(attention.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTIntermediate: dense + <c>hidden_act</c>.</summary>
public sealed class ViTIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string activation;

    public ViTIntermediate(VisionConfig config) : base(nameof(ViTIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return Activations.Apply(activation, dense.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTOutput: dense, then the second residual connection.</summary>
public sealed class ViTOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;

    public ViTOutput(VisionConfig config) : base(nameof(ViTOutput))
    {
        dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates, Tensor inputTensor)
    {
        using var scope = NewDisposeScope();
        return (dense.forward(hiddenStates) + inputTensor).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTLayer: pre-norm block; in ViT, layernorm is applied before self-attention and before the MLP.</summary>
public sealed class ViTLayer : nn.Module<Tensor, Tensor>
{
    private readonly ViTAttention attention;
    private readonly ViTIntermediate intermediate;
    private readonly ViTOutput output;
    private readonly LayerNorm layernorm_before;
    private readonly LayerNorm layernorm_after;

    public ViTLayer(VisionConfig config) : base(nameof(ViTLayer))
    {
        attention = new ViTAttention(config);
        intermediate = new ViTIntermediate(config);
        output = new ViTOutput(config);
        layernorm_before = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        layernorm_after = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor attended = attention.forward(layernorm_before.forward(hiddenStates)) + hiddenStates;
        Tensor mlp = intermediate.forward(layernorm_after.forward(attended));
        return output.forward(mlp, attended).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTEncoder with <c>output_hidden_states=True</c>: returns the input and every block's output.</summary>
public sealed class ViTEncoder : nn.Module<Tensor, IReadOnlyList<Tensor>>
{
    private readonly ModuleList<ViTLayer> layer;

    public ViTEncoder(VisionConfig config) : base(nameof(ViTEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ViTLayer(config)).ToArray());
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> forward(Tensor hiddenStates)
    {
        // Each block disposes its own temporaries; the list holds the caller's input plus one new tensor per block.
        var all = new List<Tensor>(layer.Count + 1) { hiddenStates };
        foreach (ViTLayer block in layer) all.Add(block.forward(all[^1]));
        return all;
    }
}

/// <summary>Mirrors ViTPooler: dense + tanh on the CLS token.</summary>
public sealed class ViTPooler : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public ViTPooler(VisionConfig config) : base(nameof(ViTPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return tanh(dense.forward(hiddenStates.select(1, 0))).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTModel: embeddings, encoder, final LayerNorm, optional pooler (<c>add_pooling_layer</c>).</summary>
public sealed class ViTModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ViTEmbeddings embeddings;
    private readonly ViTEncoder encoder;
    private readonly LayerNorm layernorm;
    private readonly ViTPooler? pooler;

    public ViTModel(VisionConfig config, bool addPoolingLayer = true) : base(nameof(ViTModel))
    {
        embeddings = new ViTEmbeddings(config);
        encoder = new ViTEncoder(config);
        layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        pooler = addPoolingLayer ? new ViTPooler(config) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues));
        Tensor last = layernorm.forward(hidden[^1]);
        Tensor? pooled = pooler?.forward(last);
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTForImageClassification: ViTModel without pooler, linear head on the final CLS token.</summary>
public sealed class ViTForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ViTModel vit;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public ViTForImageClassification(VisionConfig config) : base(nameof(ViTForImageClassification))
    {
        vit = new ViTModel(config, addPoolingLayer: false);
        classifier = config.NumLabels > 0 ? nn.Linear(config.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = vit.forward(pixelValues);
        Tensor cls = baseOutput.LastHiddenState.select(1, 0);
        Tensor logits = classifier is null ? cls.clone() : classifier.forward(cls);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
