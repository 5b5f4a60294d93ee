using Workflow.Torch.Models.Families;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// The <c>resnet</c> row (transformers <c>models/resnet</c>; ResNetConfig, ResNetModel, ResNetForImageClassification;
/// AutoImageProcessor maps resnet to ConvNextImageProcessor). Hidden states are feature maps: no special tokens.
/// </summary>
internal static class ResNetFamily
{
    private static readonly HierarchicalVariant Variant = new(
        "resnet",
        nameof(ResNetModel),
        nameof(ResNetForImageClassification),
        config => new ResNetModel((ResNetConfig)config),
        config => new ResNetForImageClassification((ResNetConfig)config));

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "resnet",
        TransformersClass = nameof(ResNetModel),
        ParseConfig = ResNetConfig.Parse,
        Build = (config, keys, head) => HierarchicalModelFactory.Build(Variant, config, keys, head),
        DefaultProcessorClass = "ConvNextImageProcessor",
        SpecialTokens = 0,
        Hierarchical = true,
        WriteTiny = ResNetTiny.Write,
    };
}
