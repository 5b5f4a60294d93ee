using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.Families;

/// <summary>The <c>vit</c> row (transformers <c>models/vit</c>; ViTConfig, ViTModel, ViTImageProcessor).</summary>
internal static class ViTFamily
{
    private static readonly VisionVariant Variant = new(
        nameof(ViTModel),
        nameof(ViTForImageClassification),
        (config, pooler) => new ViTModel(config, pooler),
        config => new ViTForImageClassification(config),
        BaseHasPoolerByDefault: true,
        PoolerHasParameters: _ => true,
        // ViTForImageClassification builds ViTModel(add_pooling_layer=False): a pooler in the file is unused.
        ClassifierUnusedPrefixes: ["pooler."]);

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "vit",
        TransformersClass = nameof(ViTModel),
        ParseConfig = root => VisionConfig.Parse(root, VisionFamily.ViT),
        Build = (config, keys, head) => VisionModelFactory.Build(Variant, (VisionConfig)config, keys, head),
        DefaultProcessorClass = "ViTImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TinyCheckpoint.Write(folder, "vit", seed, options),
    };
}
