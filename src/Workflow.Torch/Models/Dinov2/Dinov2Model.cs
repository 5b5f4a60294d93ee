using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Dinov2;

// DINOv2 in transformers' data-flow order (transformers/models/dinov2/modeling_dinov2.py, v4.43). Field names are the
// state_dict key segments (`encoder.layer.0.layer_scale1.lambda1`, `encoder.layer.0.mlp.weights_in.weight`). Dropout
// and drop-path are omitted: inference only.

/// <summary>Mirrors Dinov2PatchEmbeddings: a stride-p convolution, flattened to (N, patches, C); any input size.</summary>
public sealed class Dinov2PatchEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d projection;
    private readonly Dinov2Config config;

    public Dinov2PatchEmbeddings(Dinov2Config config) : base(nameof(Dinov2PatchEmbeddings))
    {
        this.config = config;
        projection = nn.Conv2d(config.NumChannels, config.HiddenSize, kernel_size: config.PatchSize, stride: config.PatchSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        PixelValuesCheck.RequireChannels(pixelValues, config.NumChannels, config.PatchSize, config.PatchSize);
        return projection.forward(pixelValues).flatten(2).transpose(1, 2).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors Dinov2Embeddings: CLS token, patch embeddings, position embeddings that are ALWAYS passed through
/// <c>interpolate_pos_encoding</c> (no flag in 4.43): as stored when the patch count equals the table's and the input is
/// square, else bicubic with the +0.1 scale factor (<see cref="PositionEmbeddingInterpolation"/>). The
/// <c>mask_token</c> (1 × C) is only used with <c>bool_masked_pos</c>, which idim never passes.
/// </summary>
public sealed class Dinov2Embeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter mask_token;
    private readonly Dinov2PatchEmbeddings patch_embeddings;
    private readonly Parameter position_embeddings;
    private readonly int patchSize;

    public Dinov2Embeddings(Dinov2Config config) : base(nameof(Dinov2Embeddings))
    {
        patchSize = config.PatchSize;
        cls_token = nn.Parameter(zeros(1, 1, config.HiddenSize));
        mask_token = nn.Parameter(zeros(1, config.HiddenSize));
        patch_embeddings = new Dinov2PatchEmbeddings(config);
        position_embeddings = nn.Parameter(zeros(1, 1 + config.PositionGrid * config.PositionGrid, config.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        long height = pixelValues.shape[2], width = pixelValues.shape[3];
        Tensor patches = patch_embeddings.forward(pixelValues);
        Tensor tokens = cat([cls_token.expand(patches.shape[0], -1, -1), patches], 1);
        Tensor table = PositionEmbeddingInterpolation.ForGrid(position_embeddings, 1, height / patchSize, width / patchSize, height == width);
        return (tokens + table).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors Dinov2LayerScale: a learned per-channel gain <c>lambda1</c>.</summary>
public sealed class Dinov2LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter lambda1;

    public Dinov2LayerScale(Dinov2Config config) : base(nameof(Dinov2LayerScale))
    {
        lambda1 = nn.Parameter(ones(config.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => hiddenStates * lambda1;
}

/// <summary>Mirrors Dinov2MLP: fc1, <c>hidden_act</c>, fc2.</summary>
public sealed class Dinov2MLP : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly string activation;

    public Dinov2MLP(Dinov2Config config) : base(nameof(Dinov2MLP))
    {
        fc1 = nn.Linear(config.HiddenSize, config.MlpHiddenSize);
        fc2 = nn.Linear(config.MlpHiddenSize, config.HiddenSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(Activations.Apply(activation, fc1.forward(hiddenStates))).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors Dinov2SwiGLUFFN: weights_in (C → 2H), split in halves x1, x2, silu(x1)·x2, weights_out (H → C).</summary>
public sealed class Dinov2SwiGLUFFN : nn.Module<Tensor, Tensor>
{
    private readonly Linear weights_in;
    private readonly Linear weights_out;

    public Dinov2SwiGLUFFN(Dinov2Config config) : base(nameof(Dinov2SwiGLUFFN))
    {
        weights_in = nn.Linear(config.HiddenSize, 2 * config.MlpHiddenSize);
        weights_out = nn.Linear(config.MlpHiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor[] halves = weights_in.forward(hiddenStates).chunk(2, -1);
        return weights_out.forward(nn.functional.silu(halves[0]) * halves[1]).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors Dinov2Layer: x + lambda1·attention(norm1(x)), then + lambda2·mlp(norm2(x)). Dinov2Attention is ViTAttention
/// (same query/key/value and output.dense keys).
/// </summary>
public sealed class Dinov2Layer : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly ViTAttention attention;
    private readonly Dinov2LayerScale layer_scale1;
    private readonly LayerNorm norm2;
    private readonly nn.Module<Tensor, Tensor> mlp;
    private readonly Dinov2LayerScale layer_scale2;

    public Dinov2Layer(Dinov2Config config) : base(nameof(Dinov2Layer))
    {
        norm1 = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        attention = new ViTAttention(config.AttentionConfig);
        layer_scale1 = new Dinov2LayerScale(config);
        norm2 = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        mlp = config.UseSwigluFfn ? new Dinov2SwiGLUFFN(config) : new Dinov2MLP(config);
        layer_scale2 = new Dinov2LayerScale(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor attended = layer_scale1.forward(attention.forward(norm1.forward(hiddenStates))) + hiddenStates;
        return (layer_scale2.forward(mlp.forward(norm2.forward(attended))) + attended).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors Dinov2Encoder with <c>output_hidden_states=True</c>: the input and every layer's output.</summary>
public sealed class Dinov2Encoder : nn.Module<Tensor, IReadOnlyList<Tensor>>
{
    private readonly ModuleList<Dinov2Layer> layer;

    public Dinov2Encoder(Dinov2Config config) : base(nameof(Dinov2Encoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new Dinov2Layer(config)).ToArray());
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> forward(Tensor hiddenStates)
    {
        var all = new List<Tensor>(layer.Count + 1) { hiddenStates };
        foreach (Dinov2Layer block in layer) all.Add(block.forward(all[^1]));
        return all;
    }
}

/// <summary>Mirrors Dinov2Model: <c>last_hidden_state</c> = final LayerNorm of all tokens, <c>pooler_output</c> = its token 0.</summary>
public sealed class Dinov2Model : nn.Module<Tensor, VisionModelOutput>
{
    private readonly Dinov2Embeddings embeddings;
    private readonly Dinov2Encoder encoder;
    private readonly LayerNorm layernorm;

    public Dinov2Model(Dinov2Config config) : base(nameof(Dinov2Model))
    {
        embeddings = new Dinov2Embeddings(config);
        encoder = new Dinov2Encoder(config);
        layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues));
        Tensor last = layernorm.forward(hidden[^1]);
        Tensor pooled = last.select(1, 0).clone();
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors Dinov2ForImageClassification: classifier(cat(CLS, mean of the patch tokens)) of the final LayerNorm output.</summary>
public sealed class Dinov2ForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly Dinov2Model dinov2;
    private readonly Linear? classifier;

    public Dinov2ForImageClassification(Dinov2Config config) : base(nameof(Dinov2ForImageClassification))
    {
        dinov2 = new Dinov2Model(config);
        classifier = config.NumLabels > 0 ? nn.Linear(2 * config.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = dinov2.forward(pixelValues);
        Tensor last = baseOutput.LastHiddenState;
        Tensor features = cat([last.select(1, 0), last.narrow(1, 1, last.shape[1] - 1).mean([1L])], 1);
        Tensor logits = classifier is null ? features : classifier.forward(features);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
