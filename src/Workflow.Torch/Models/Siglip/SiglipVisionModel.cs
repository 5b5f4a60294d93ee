using TorchSharp;
using TorchSharp.Modules;
using Workflow.Torch.Models.Clip;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Siglip;

// SigLIP's vision tower in transformers' data-flow order (transformers/models/siglip/modeling_siglip.py, v4.43). The
// encoder mirrors CLIP's (same keys, reused modules); embeddings and the attention-pooling head are SigLIP's own.

/// <summary>Mirrors SiglipVisionEmbeddings: patch conv WITH bias, no CLS token, <c>position_embedding</c> over the patches.</summary>
internal sealed class SiglipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;
    private readonly SiglipVisionConfig config;

    public SiglipVisionEmbeddings(SiglipVisionConfig config) : base(nameof(SiglipVisionEmbeddings))
    {
        this.config = config;
        patch_embedding = nn.Conv2d(config.NumChannels, config.HiddenSize, kernel_size: config.PatchSize, stride: config.PatchSize);
        position_embedding = nn.Embedding(config.NumPatches, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        FixedSizeCheck.Require(pixelValues, config.NumChannels, config.ImageHeight, config.ImageWidth, "SigLIP");
        Tensor patches = patch_embedding.forward(pixelValues).flatten(2).transpose(1, 2);
        return (patches + position_embedding.weight!.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors torch.nn.MultiheadAttention (batch_first, packed <c>in_proj_weight</c> [3C, C] / <c>in_proj_bias</c> in q, k, v
/// order, <c>out_proj</c>) for a query that is not the key: softmax(q·kᵀ/√d)·v per head, then out_proj.
/// </summary>
internal sealed class MultiheadAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
    private readonly int heads;
    private readonly int hiddenSize;

    public MultiheadAttention(int hiddenSize, int heads) : base(nameof(MultiheadAttention))
    {
        this.heads = heads;
        this.hiddenSize = hiddenSize;
        in_proj_weight = nn.Parameter(zeros(3 * hiddenSize, hiddenSize));
        in_proj_bias = nn.Parameter(zeros(3 * hiddenSize));
        out_proj = nn.Linear(hiddenSize, hiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor query, Tensor keyValue)
    {
        using var scope = NewDisposeScope();
        Tensor[] w = in_proj_weight.chunk(3, 0), b = in_proj_bias.chunk(3, 0);
        Tensor q = ScaledDotProductAttention.SplitHeads(nn.functional.linear(query, w[0], b[0]), heads);
        Tensor k = ScaledDotProductAttention.SplitHeads(nn.functional.linear(keyValue, w[1], b[1]), heads);
        Tensor v = ScaledDotProductAttention.SplitHeads(nn.functional.linear(keyValue, w[2], b[2]), heads);
        return out_proj.forward(ScaledDotProductAttention.Attend(q, k, v, bias: null)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors SiglipMultiheadAttentionPoolingHead: the learned <c>probe</c> (1×1×C) attends over the tokens, then
/// h + mlp(layernorm(h)); <c>pooler_output</c> = h[:, 0].
/// </summary>
internal sealed class SiglipMultiheadAttentionPoolingHead : nn.Module<Tensor, Tensor>
{
    private readonly Parameter probe;
    private readonly MultiheadAttention attention;
    private readonly LayerNorm layernorm;
    private readonly ClipMLP mlp;

    public SiglipMultiheadAttentionPoolingHead(SiglipVisionConfig config) : base(nameof(SiglipMultiheadAttentionPoolingHead))
    {
        probe = nn.Parameter(zeros(1, 1, config.HiddenSize));
        attention = new MultiheadAttention(config.HiddenSize, config.NumAttentionHeads);
        layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        mlp = new ClipMLP(config.HiddenSize, config.IntermediateSize, config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor h = attention.forward(probe.expand(hiddenStates.shape[0], -1, -1), hiddenStates);
        h = h + mlp.forward(layernorm.forward(h));
        return h.select(1, 0).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors SiglipVisionTransformer: embeddings, encoder, <c>last_hidden_state</c> = post_layernorm(encoder output) (so it
/// differs from the last hidden state), <c>pooler_output</c> = the attention-pooling head of it.
/// </summary>
internal sealed class SiglipVisionTransformer : nn.Module<Tensor, VisionModelOutput>
{
    private readonly SiglipVisionEmbeddings embeddings;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm post_layernorm;
    private readonly SiglipMultiheadAttentionPoolingHead? head;

    public SiglipVisionTransformer(SiglipVisionConfig config) : base(nameof(SiglipVisionTransformer))
    {
        embeddings = new SiglipVisionEmbeddings(config);
        encoder = new ClipEncoder(config.Encoder);
        post_layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        head = config.UseHead ? new SiglipMultiheadAttentionPoolingHead(config) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues));
        Tensor last = post_layernorm.forward(hidden[^1]);
        Tensor? pooled = head?.forward(last);
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SiglipVisionModel (<c>vision_model.</c> keys); a full SiglipModel checkpoint loads its vision tower.</summary>
internal sealed class SiglipVisionModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly SiglipVisionTransformer vision_model;

    public SiglipVisionModel(SiglipVisionConfig config) : base(nameof(SiglipVisionModel))
    {
        vision_model = new SiglipVisionTransformer(config);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues) => vision_model.forward(pixelValues);
}
