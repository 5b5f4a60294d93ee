using Workflow.Torch.Models.Families;

namespace Workflow.Torch.Models.ConvNext;

/// <summary>
/// The <c>convnext</c> row (transformers <c>models/convnext</c>; ConvNextConfig, ConvNextModel,
/// ConvNextForImageClassification, ConvNextImageProcessor). Hidden states are feature maps: no special tokens.
/// </summary>
internal static class ConvNextFamily
{
    private static readonly HierarchicalVariant Variant = new(
        "convnext",
        nameof(ConvNextModel),
        nameof(ConvNextForImageClassification),
        config => new ConvNextModel((ConvNextConfig)config),
        config => new ConvNextForImageClassification((ConvNextConfig)config));

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "convnext",
        TransformersClass = nameof(ConvNextModel),
        ParseConfig = ConvNextConfig.Parse,
        Build = (config, keys, head) => HierarchicalModelFactory.Build(Variant, config, keys, head),
        DefaultProcessorClass = "ConvNextImageProcessor",
        SpecialTokens = 0,
        Hierarchical = true,
        WriteTiny = ConvNextTiny.Write,
    };
}
