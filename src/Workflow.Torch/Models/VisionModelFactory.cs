using TorchSharp;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>Which head to build.</summary>
public enum ModelHead
{
    /// <summary>The class in <c>architectures</c>: the classifier when the config names one and the checkpoint has its weights, else the base model.</summary>
    Auto,
    /// <summary>The base model (<c>ViTModel</c>, <c>BeitModel</c>, <c>Data2VecVisionModel</c>); a classifier head in the checkpoint is ignored.</summary>
    Base,
    /// <summary>The <c>*ForImageClassification</c> class (fails when the checkpoint has no classifier weights).</summary>
    Classifier,
}

/// <summary>What was built: the module, its transformers class name, and how checkpoint keys map onto it.</summary>
internal sealed record BuiltModel(nn.Module<Tensor, VisionModelOutput> Module, string ClassName, KeyMapping Mapping);

/// <summary>
/// Chooses and builds the transformers class for a config and a checkpoint's key set. Pooler presence follows
/// transformers' class defaults (ViTModel and BeitModel have one, Data2VecVisionModel does not; the classifiers: ViT
/// none, BEiT and Data2VecVision one), except that a pooler with parameters is left out when the checkpoint lacks them
/// (transformers would initialise it randomly; idim never runs random weights).
/// </summary>
internal static class VisionModelFactory
{
    public static BuiltModel Build(VisionConfig config, IReadOnlyCollection<string> checkpointKeys, ModelHead head)
    {
        string prefix = config.BasePrefix + ".";
        bool hasClassifier = checkpointKeys.Contains("classifier.weight") || checkpointKeys.Contains("classifier.bias");
        bool wantsClassifier = head switch
        {
            ModelHead.Classifier => true,
            ModelHead.Base => false,
            _ => hasClassifier && (config.Architecture?.EndsWith("ForImageClassification", StringComparison.Ordinal) ?? true),
        };
        if (wantsClassifier && !hasClassifier && config.NumLabels > 0)
            throw new InvalidDataException(
                "The classifier head was asked for but the checkpoint has no classifier.weight. Use the base model " +
                "(--head base) or a fine-tuned checkpoint.");

        // Does the checkpoint hold pooler parameters (with or without the base prefix)?
        bool checkpointHasPooler = checkpointKeys.Any(k =>
            k.StartsWith("pooler.", StringComparison.Ordinal) || k.StartsWith(prefix + "pooler.", StringComparison.Ordinal));
        bool poolerHasParameters = config.Family == VisionFamily.ViT || config.UseMeanPooling;

        if (wantsClassifier)
        {
            nn.Module<Tensor, VisionModelOutput> classifier = config.Family switch
            {
                VisionFamily.ViT => new ViTForImageClassification(config),
                VisionFamily.Beit => new BeitForImageClassification(config),
                _ => new Data2VecVisionForImageClassification(config),
            };
            // ViTForImageClassification builds ViTModel(add_pooling_layer=False): a pooler in the file is unused.
            string[] unused = config.Family == VisionFamily.ViT ? ["pooler."] : [];
            return new BuiltModel(classifier, ClassName(config.Family, classifier: true), new KeyMapping(config.BasePrefix, true, unused));
        }

        // Data2VecVisionModel's class default is add_pooling_layer=False, but a checkpoint that holds the pooler's weights
        // (pooler.layernorm.*, e.g. saved from the classifier) gets its pooler and pooler_output rather than dropping them.
        bool classDefaultPooler = config.Family != VisionFamily.Data2VecVision || checkpointHasPooler;
        bool pooler = classDefaultPooler && (!poolerHasParameters || checkpointHasPooler);
        var ignore = new List<string> { "classifier." };
        if (!pooler) ignore.Add("pooler.");
        nn.Module<Tensor, VisionModelOutput> module = config.Family switch
        {
            VisionFamily.ViT => new ViTModel(config, pooler),
            VisionFamily.Beit => new BeitModel(config, pooler),
            _ => new Data2VecVisionModel(config, pooler),
        };
        return new BuiltModel(module, ClassName(config.Family, classifier: false), new KeyMapping(config.BasePrefix, false, ignore));
    }

    private static string ClassName(VisionFamily family, bool classifier) => (family, classifier) switch
    {
        (VisionFamily.ViT, false) => nameof(ViTModel),
        (VisionFamily.ViT, true) => nameof(ViTForImageClassification),
        (VisionFamily.Beit, false) => nameof(BeitModel),
        (VisionFamily.Beit, true) => nameof(BeitForImageClassification),
        (_, false) => nameof(Data2VecVisionModel),
        (_, true) => nameof(Data2VecVisionForImageClassification),
    };
}
