using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Clip;

// CLIP's vision tower in transformers' data-flow order (transformers/models/clip/modeling_clip.py, v4.43).

/// <summary>
/// Mirrors CLIPVisionEmbeddings: patch conv WITHOUT bias, <c>class_embedding</c> (C) prepended, <c>position_embedding</c>
/// (nn.Embedding, rows 0..T−1) added. CLIP 4.43 has no interpolate_pos_encoding: the input must have the configured size.
/// </summary>
internal sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter class_embedding;
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;
    private readonly ClipVisionConfig config;

    public ClipVisionEmbeddings(ClipVisionConfig config) : base(nameof(ClipVisionEmbeddings))
    {
        this.config = config;
        class_embedding = nn.Parameter(zeros(config.HiddenSize));
        patch_embedding = nn.Conv2d(config.NumChannels, config.HiddenSize, kernel_size: config.PatchSize, stride: config.PatchSize, bias: false);
        position_embedding = nn.Embedding(1 + config.NumPatches, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        FixedSizeCheck.Require(pixelValues, config.NumChannels, config.ImageHeight, config.ImageWidth, "CLIP");
        Tensor patches = patch_embedding.forward(pixelValues).flatten(2).transpose(1, 2);
        Tensor cls = class_embedding.expand(patches.shape[0], 1, -1);
        return (cat([cls, patches], 1) + position_embedding.weight!.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors CLIPVisionTransformer: embeddings, <c>pre_layrnorm</c> (hidden_states.0 is after it), encoder, and
/// <c>pooler_output</c> = post_layernorm(last_hidden_state[:, 0]); <c>last_hidden_state</c> has no final LayerNorm.
/// </summary>
internal sealed class ClipVisionTransformer : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ClipVisionEmbeddings embeddings;
    private readonly LayerNorm pre_layrnorm;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm post_layernorm;

    public ClipVisionTransformer(ClipVisionConfig config) : base(nameof(ClipVisionTransformer))
    {
        embeddings = new ClipVisionEmbeddings(config);
        pre_layrnorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        encoder = new ClipEncoder(config.Encoder);
        post_layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> hidden = encoder.forward(pre_layrnorm.forward(embeddings.forward(pixelValues)));
        Tensor pooled = post_layernorm.forward(hidden[^1].select(1, 0));
        return new VisionModelOutput(hidden, hidden[^1], pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors CLIPVisionModel (<c>vision_model.</c> keys). A full CLIPModel (or CLIPVisionModelWithProjection) checkpoint
/// loads into it with its text tower, projections and logit scale left unused, as
/// <c>CLIPVisionModel.from_pretrained</c> does.
/// </summary>
internal sealed class ClipVisionModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly ClipVisionTransformer vision_model;

    public ClipVisionModel(ClipVisionConfig config) : base(nameof(ClipVisionModel))
    {
        vision_model = new ClipVisionTransformer(config);
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues) => vision_model.forward(pixelValues);
}
