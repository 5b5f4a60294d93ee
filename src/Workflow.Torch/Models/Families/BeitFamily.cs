using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.Families;

/// <summary>The <c>beit</c> row (transformers <c>models/beit</c>; BeitConfig, BeitModel, BeitImageProcessor).</summary>
internal static class BeitFamily
{
    private static readonly VisionVariant Variant = new(
        nameof(BeitModel),
        nameof(BeitForImageClassification),
        (config, pooler) => new BeitModel(config, pooler),
        config => new BeitForImageClassification(config),
        BaseHasPoolerByDefault: true,
        // BeitPooler owns a LayerNorm only with use_mean_pooling; otherwise it takes the CLS token and has no weights.
        PoolerHasParameters: config => config.UseMeanPooling,
        ClassifierUnusedPrefixes: []);

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "beit",
        TransformersClass = nameof(BeitModel),
        ParseConfig = root => VisionConfig.Parse(root, VisionFamily.Beit),
        Build = (config, keys, head) => VisionModelFactory.Build(Variant, (VisionConfig)config, keys, head),
        DefaultProcessorClass = "BeitImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TinyCheckpoint.Write(folder, "beit", seed, options),
    };
}
