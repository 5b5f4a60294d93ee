using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.Families;

/// <summary>
/// The <c>data2vec-vision</c> row (transformers <c>models/data2vec</c>): mirrors the BEiT row with another key prefix
/// and no pooler by default; AutoImageProcessor maps data2vec-vision to BeitImageProcessor.
/// </summary>
internal static class Data2VecVisionFamily
{
    private static readonly VisionVariant Variant = new(
        nameof(Data2VecVisionModel),
        nameof(Data2VecVisionForImageClassification),
        (config, pooler) => new Data2VecVisionModel(config, pooler),
        config => new Data2VecVisionForImageClassification(config),
        BaseHasPoolerByDefault: false,
        PoolerHasParameters: config => config.UseMeanPooling,
        ClassifierUnusedPrefixes: []);

    public static ModelFamily Row { get; } = new()
    {
        ModelType = "data2vec-vision",
        TransformersClass = nameof(Data2VecVisionModel),
        ParseConfig = root => VisionConfig.Parse(root, VisionFamily.Data2VecVision),
        Build = (config, keys, head) => VisionModelFactory.Build(Variant, (VisionConfig)config, keys, head),
        DefaultProcessorClass = "BeitImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TinyCheckpoint.Write(folder, "data2vec-vision", seed, options),
    };
}
