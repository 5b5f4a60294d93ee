using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.DeiT;

// DeiT in transformers' data-flow order (transformers/models/deit/modeling_deit.py, v4.43). Its attention, MLP,
// layer, encoder and pooler are "Copied from transformers.models.vit" with the same state_dict keys, so the ViT
// modules are reused; only the embeddings (distillation token) and the heads are DeiT's own.

/// <summary>
/// Mirrors DeiTEmbeddings: [CLS, distillation, patches] + position embeddings over all of them. At another input size
/// than the configured one the patch part of the table is interpolated as ViT's <c>interpolate_pos_encoding</c> does
/// (both special rows kept), instead of transformers 4.43's error.
/// </summary>
public sealed class DeiTEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter distillation_token;
    private readonly ViTPatchEmbeddings patch_embeddings;
    private readonly Parameter position_embeddings;
    private readonly VisionConfig config;

    public DeiTEmbeddings(DeiTConfig config) : base(nameof(DeiTEmbeddings))
    {
        this.config = config.Encoder;
        cls_token = nn.Parameter(zeros(1, 1, config.Encoder.HiddenSize));
        distillation_token = nn.Parameter(zeros(1, 1, config.Encoder.HiddenSize));
        patch_embeddings = new ViTPatchEmbeddings(config.Encoder);
        position_embeddings = nn.Parameter(zeros(1, config.SequenceLength, config.Encoder.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        Tensor patches = patch_embeddings.forward(pixelValues);
        long n = patches.shape[0];
        bool configuredSize = pixelValues.shape[2] == config.ImageHeight && pixelValues.shape[3] == config.ImageWidth;
        Tensor table = configuredSize ? position_embeddings : PositionEmbeddingInterpolation.ForGrid(position_embeddings, 2,
            pixelValues.shape[2] / config.PatchHeight, pixelValues.shape[3] / config.PatchWidth, pixelValues.shape[2] == pixelValues.shape[3]);
        Tensor tokens = cat([cls_token.expand(n, -1, -1), distillation_token.expand(n, -1, -1), patches], 1);
        return (tokens + table).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors DeiTModel: embeddings, the ViT encoder, final LayerNorm, optional pooler (dense + tanh on token 0, = ViTPooler).</summary>
public sealed class DeiTModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly DeiTEmbeddings embeddings;
    private readonly ViTEncoder encoder;
    private readonly LayerNorm layernorm;
    private readonly ViTPooler? pooler;

    public DeiTModel(DeiTConfig config, bool addPoolingLayer) : base(nameof(DeiTModel))
    {
        embeddings = new DeiTEmbeddings(config);
        encoder = new ViTEncoder(config.Encoder);
        layernorm = nn.LayerNorm(config.Encoder.HiddenSize, eps: config.Encoder.LayerNormEps);
        pooler = addPoolingLayer ? new ViTPooler(config.Encoder) : null;
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

/// <summary>Mirrors DeiTForImageClassification: DeiTModel without pooler, a linear head on the final CLS token.</summary>
public sealed class DeiTForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly DeiTModel deit;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public DeiTForImageClassification(DeiTConfig config) : base(nameof(DeiTForImageClassification))
    {
        deit = new DeiTModel(config, addPoolingLayer: false);
        classifier = config.NumLabels > 0 ? nn.Linear(config.Encoder.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = deit.forward(pixelValues);
        Tensor cls = baseOutput.LastHiddenState.select(1, 0);
        Tensor logits = classifier is null ? cls.clone() : classifier.forward(cls);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors DeiTForImageClassificationWithTeacher: DeiTModel without pooler; <c>cls_classifier</c> on the final CLS
/// token, <c>distillation_classifier</c> on the distillation token, <c>logits</c> = their mean (inference).
/// </summary>
public sealed class DeiTForImageClassificationWithTeacher : nn.Module<Tensor, VisionModelOutput>
{
    private readonly DeiTModel deit;
    private readonly Linear? cls_classifier;
    private readonly Linear? distillation_classifier;

    public DeiTForImageClassificationWithTeacher(DeiTConfig config) : base(nameof(DeiTForImageClassificationWithTeacher))
    {
        deit = new DeiTModel(config, addPoolingLayer: false);
        cls_classifier = config.NumLabels > 0 ? nn.Linear(config.Encoder.HiddenSize, config.NumLabels) : null;
        distillation_classifier = config.NumLabels > 0 ? nn.Linear(config.Encoder.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = deit.forward(pixelValues);
        Tensor cls = baseOutput.LastHiddenState.select(1, 0), distillation = baseOutput.LastHiddenState.select(1, 1);
        Tensor clsLogits = cls_classifier is null ? cls : cls_classifier.forward(cls);
        Tensor distillationLogits = distillation_classifier is null ? distillation : distillation_classifier.forward(distillation);
        Tensor logits = (clsLogits + distillationLogits) / 2;
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
