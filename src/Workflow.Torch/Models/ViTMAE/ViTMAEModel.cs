using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.ViTMAE;

// ViTMAE's encoder in transformers' data-flow order (transformers/models/vit_mae/modeling_vit_mae.py, v4.43). Its
// attention, MLP, layer and encoder are "Copied from transformers.models.vit" with the same keys, so the ViT modules
// are reused; the embeddings (positions added before masking, CLS after) are ViTMAE's own.

/// <summary>
/// Mirrors ViTMAEEmbeddings for the whole image: patch embeddings + position rows 1.., then (in transformers)
/// <c>random_masking</c>, then CLS + row 0 prepended. idim runs the encoder on every patch in raster order, which is
/// exactly transformers with <c>mask_ratio=0.0</c> and <c>noise=torch.arange(L)</c> for every image (argsort of the
/// noise is the identity, so <c>mask</c> is all zeros and <c>ids_restore</c> = 0..L−1), as the hf-tiny-2 fixtures were
/// written. With the default <c>noise=None</c> transformers draws <c>torch.rand</c> and reorders the patches on every
/// call, and with a checkpoint's <c>mask_ratio</c> (0.75 for facebook/vit-mae-*) it drops 75 % of them: neither gives
/// stable per-image hidden states, so neither is offered. The position table is loaded (it may differ from the sin-cos
/// formula), not recomputed.
/// </summary>
public sealed class ViTMAEEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly ViTPatchEmbeddings patch_embeddings;
    private readonly Parameter position_embeddings;
    private readonly VisionConfig config;

    public ViTMAEEmbeddings(ViTMAEConfig config) : base(nameof(ViTMAEEmbeddings))
    {
        this.config = config.Encoder;
        cls_token = nn.Parameter(zeros(1, 1, config.Encoder.HiddenSize));
        patch_embeddings = new ViTPatchEmbeddings(config.Encoder);
        position_embeddings = nn.Parameter(zeros(1, config.Encoder.SequenceLength, config.Encoder.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        Tensor patches = patch_embeddings.forward(pixelValues);
        bool configuredSize = pixelValues.shape[2] == config.ImageHeight && pixelValues.shape[3] == config.ImageWidth;
        Tensor table = configuredSize ? position_embeddings : PositionEmbeddingInterpolation.ForGrid(position_embeddings, 1,
            pixelValues.shape[2] / config.PatchHeight, pixelValues.shape[3] / config.PatchWidth, pixelValues.shape[2] == pixelValues.shape[3]);
        Tensor positioned = patches + table.narrow(1, 1, table.shape[1] - 1);
        Tensor cls = (cls_token + table.narrow(1, 0, 1)).expand(patches.shape[0], -1, -1);
        return cat([cls, positioned], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors ViTMAEModel (whole image): embeddings, the ViT encoder, final LayerNorm; no pooler.</summary>
public sealed class ViTMAEModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ViTMAEEmbeddings embeddings;
    private readonly ViTEncoder encoder;
    private readonly LayerNorm layernorm;

    public ViTMAEModel(ViTMAEConfig config) : base(nameof(ViTMAEModel))
    {
        embeddings = new ViTMAEEmbeddings(config);
        encoder = new ViTEncoder(config.Encoder);
        layernorm = nn.LayerNorm(config.Encoder.HiddenSize, eps: config.Encoder.LayerNormEps);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues));
        Tensor last = layernorm.forward(hidden[^1]);
        return new VisionModelOutput(hidden, last, null, null).MoveToOuterDisposeScope();
    }
}
