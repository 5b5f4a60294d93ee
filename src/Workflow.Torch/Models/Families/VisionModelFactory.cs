using TorchSharp;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Families;

/// <summary>What distinguishes ViT, BEiT and Data2VecVision at build time (their rows pass one of these).</summary>
/// <param name="BaseClass">transformers base-model class name.</param>
/// <param name="ClassifierClass">transformers <c>*ForImageClassification</c> class name.</param>
/// <param name="NewBase">The base model with or without its pooler.</param>
/// <param name="NewClassifier">The classifier (its own base model and pooler choice, as transformers builds it).</param>
/// <param name="BaseHasPoolerByDefault"><c>add_pooling_layer</c>'s default in the base class (Data2VecVisionModel: false).</param>
/// <param name="PoolerHasParameters">Whether the pooler owns weights (ViT's dense layer, BEiT's mean-pooling LayerNorm).</param>
/// <param name="ClassifierUnusedPrefixes">Checkpoint keys the classifier leaves unused (ViT's classifier builds no pooler).</param>
internal sealed record VisionVariant(
    string BaseClass,
    string ClassifierClass,
    Func<VisionConfig, bool, nn.Module<Tensor, VisionModelOutput>> NewBase,
    Func<VisionConfig, nn.Module<Tensor, VisionModelOutput>> NewClassifier,
    bool BaseHasPoolerByDefault,
    Func<VisionConfig, bool> PoolerHasParameters,
    IReadOnlyList<string> ClassifierUnusedPrefixes);

/// <summary>
/// Chooses and builds the transformers class of a ViT-style variant for a config and a checkpoint's key set. Pooler
/// presence follows the class defaults (ViTModel and BeitModel have one, Data2VecVisionModel does not), except that a
/// pooler with parameters is left out when the checkpoint lacks them (transformers would initialise it randomly; idim
/// never runs random weights), and kept when the checkpoint holds them (a Data2VecVision checkpoint saved with
/// <c>pooler.layernorm.*</c> gives its <c>pooler_output</c> instead of silently dropping those weights).
/// </summary>
internal static class VisionModelFactory
{
    public static BuiltModel Build(VisionVariant variant, VisionConfig config, IReadOnlyCollection<string> checkpointKeys, ModelHead head)
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

        if (wantsClassifier)
            return new BuiltModel(variant.NewClassifier(config), variant.ClassifierClass,
                new KeyMapping(config.BasePrefix, true, variant.ClassifierUnusedPrefixes));

        // Does the checkpoint hold pooler parameters (with or without the base prefix)?
        bool checkpointHasPooler = checkpointKeys.Any(k =>
            k.StartsWith("pooler.", StringComparison.Ordinal) || k.StartsWith(prefix + "pooler.", StringComparison.Ordinal));
        bool poolerHasParameters = variant.PoolerHasParameters(config);
        bool pooler = poolerHasParameters
            ? checkpointHasPooler
            : variant.BaseHasPoolerByDefault;
        var ignore = new List<string> { "classifier." };
        if (!pooler) ignore.Add("pooler.");
        return new BuiltModel(variant.NewBase(config, pooler), variant.BaseClass, new KeyMapping(config.BasePrefix, false, ignore));
    }
}
