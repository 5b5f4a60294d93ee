using Workflow.Torch.Models.Families;

namespace Workflow.Torch.Models.Swin;

/// <summary>
/// The <c>swin</c> row (transformers <c>models/swin</c>; SwinConfig, SwinModel, SwinForImageClassification;
/// AutoImageProcessor maps swin to ViTImageProcessor). No special tokens: every position is an image patch.
/// </summary>
internal static class SwinFamily
{
    private static readonly HierarchicalVariant Variant = new(
        "swin",
        nameof(SwinModel),
        nameof(SwinForImageClassification),
        config => new SwinModel((SwinConfig)config),
        config => new SwinForImageClassification((SwinConfig)config));

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "swin",
        TransformersClass = nameof(SwinModel),
        ParseConfig = SwinConfig.Parse,
        Build = (config, keys, head) => HierarchicalModelFactory.Build(Variant, config, keys, head),
        DefaultProcessorClass = "ViTImageProcessor",
        SpecialTokens = 0,
        Hierarchical = true,
        WriteTiny = SwinTiny.Write,
    };
}
