using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Models.Dinov2;

/// <summary>
/// The <c>dinov2</c> row (transformers <c>models/dinov2</c>; Dinov2Config, Dinov2Model; AutoImageProcessor maps dinov2
/// to BitImageProcessor). Dinov2ForImageClassification when the checkpoint has <c>classifier.weight</c> and the config
/// names it, else Dinov2Model.
/// </summary>
internal static class Dinov2Family
{
    public static ModelFamily Row { get; } = new()
    {
        ModelType = "dinov2",
        TransformersClass = nameof(Dinov2Model),
        ParseConfig = Dinov2Config.Parse,
        Build = (config, keys, head) => Build((Dinov2Config)config, keys, head),
        DefaultProcessorClass = "BitImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TokenTinyCheckpoint.Write(folder, "dinov2", seed, options),
    };

    private static BuiltModel Build(Dinov2Config config, IReadOnlyCollection<string> keys, ModelHead head)
    {
        bool hasClassifier = keys.Contains("classifier.weight");
        bool classify = head switch
        {
            ModelHead.Classifier => true,
            ModelHead.Base => false,
            _ => hasClassifier && (config.Architecture?.EndsWith("ForImageClassification", StringComparison.Ordinal) ?? true),
        };
        if (classify && !hasClassifier)
            throw new InvalidDataException(
                "The classifier head was asked for but the checkpoint has no classifier.weight. Use the base model (--head base).");
        return classify
            ? new BuiltModel(new Dinov2ForImageClassification(config), nameof(Dinov2ForImageClassification), new KeyMapping("dinov2", true, []))
            : new BuiltModel(new Dinov2Model(config), nameof(Dinov2Model), new KeyMapping("dinov2", false, ["classifier."]));
    }
}
