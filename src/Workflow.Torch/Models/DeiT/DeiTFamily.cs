using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Models.DeiT;

/// <summary>
/// The <c>deit</c> row (transformers <c>models/deit</c>; DeiTConfig, DeiTModel, DeiTImageProcessor). The class is chosen
/// from the checkpoint's heads: <c>cls_classifier</c> + <c>distillation_classifier</c> →
/// DeiTForImageClassificationWithTeacher (facebook/deit-*-distilled-*), <c>classifier</c> → DeiTForImageClassification,
/// otherwise DeiTModel (with its pooler when the checkpoint holds <c>pooler.dense</c>).
/// </summary>
internal static class DeiTFamily
{
    public static ModelFamily Row { get; } = new()
    {
        ModelType = "deit",
        TransformersClass = nameof(DeiTModel),
        ParseConfig = DeiTConfig.Parse,
        Build = (config, keys, head) => Build((DeiTConfig)config, keys, head),
        DefaultProcessorClass = "DeiTImageProcessor",
        SpecialTokens = 2,
        WriteTiny = (folder, seed, options) => TokenTinyCheckpoint.Write(folder, "deit", seed, options),
    };

    // DeiTModel(use_mask_token=False) and the classifiers build no mask token: one saved by DeiTForMaskedImageModeling is unused.
    private static readonly string[] AlwaysUnused = ["embeddings.mask_token"];

    private static BuiltModel Build(DeiTConfig config, IReadOnlyCollection<string> keys, ModelHead head)
    {
        bool hasTeacher = keys.Contains("cls_classifier.weight") && keys.Contains("distillation_classifier.weight");
        bool hasClassifier = keys.Contains("classifier.weight");
        string architecture = config.Architecture ?? "";
        bool classify = head switch
        {
            ModelHead.Classifier => true,
            ModelHead.Base => false,
            _ => (hasTeacher || hasClassifier) && (config.Architecture is null || architecture.Contains("ForImageClassification", StringComparison.Ordinal)),
        };
        if (classify && !hasTeacher && !hasClassifier)
            throw new InvalidDataException(
                "The classifier head was asked for but the checkpoint has neither classifier.weight nor cls_classifier.weight / " +
                "distillation_classifier.weight. Use the base model (--head base) or a fine-tuned checkpoint.");
        string[] heads = ["cls_classifier.", "distillation_classifier.", "classifier."];
        if (classify && hasTeacher && (!hasClassifier || architecture.EndsWith("WithTeacher", StringComparison.Ordinal)))
            return new BuiltModel(new DeiTForImageClassificationWithTeacher(config), nameof(DeiTForImageClassificationWithTeacher),
                new KeyMapping("deit", true, ["pooler.", "classifier.", .. AlwaysUnused]));
        if (classify)
            return new BuiltModel(new DeiTForImageClassification(config), nameof(DeiTForImageClassification),
                new KeyMapping("deit", true, ["pooler.", "cls_classifier.", "distillation_classifier.", .. AlwaysUnused]));

        // DeiTModel has a pooler by default; transformers would initialise a missing one randomly, idim leaves it out.
        bool pooler = keys.Any(k => k.StartsWith("pooler.", StringComparison.Ordinal) || k.StartsWith("deit.pooler.", StringComparison.Ordinal));
        var unused = new List<string>(heads);
        unused.AddRange(AlwaysUnused);
        if (!pooler) unused.Add("pooler.");
        return new BuiltModel(new DeiTModel(config, pooler), nameof(DeiTModel), new KeyMapping("deit", false, unused));
    }
}
