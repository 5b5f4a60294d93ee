using TorchSharp;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Families;

/// <summary>What distinguishes Swin, ConvNeXt and ResNet at build time (their rows pass one of these).</summary>
/// <param name="BasePrefix">The base model's attribute in the classifier and key prefix: <c>swin</c>, <c>convnext</c>, <c>resnet</c>.</param>
/// <param name="BaseClass">transformers base-model class name.</param>
/// <param name="ClassifierClass">transformers <c>*ForImageClassification</c> class name.</param>
/// <param name="NewBase">The base model (its pooler has no weights, or — ConvNeXt's LayerNorm — is always in the file).</param>
/// <param name="NewClassifier">The classifier on the pooled output.</param>
internal sealed record HierarchicalVariant(
    string BasePrefix,
    string BaseClass,
    string ClassifierClass,
    Func<PretrainedConfig, nn.Module<Tensor, VisionModelOutput>> NewBase,
    Func<PretrainedConfig, nn.Module<Tensor, VisionModelOutput>> NewClassifier);

/// <summary>
/// Chooses the base model or the classifier for a Swin / ConvNeXt / ResNet checkpoint, as <see cref="VisionModelFactory"/>
/// does for the ViT group: the classifier when asked for, or (auto) when <c>architectures</c> names one and the
/// checkpoint has <c>classifier.*</c> weights (ResNet's head is <c>classifier.1.*</c>, after a Flatten). Their poolers
/// hold no weights of their own, so there is no pooler choice to make.
/// </summary>
internal static class HierarchicalModelFactory
{
    public static BuiltModel Build(HierarchicalVariant variant, PretrainedConfig config, IReadOnlyCollection<string> checkpointKeys, ModelHead head)
    {
        bool hasClassifier = checkpointKeys.Any(k => k.StartsWith("classifier.", StringComparison.Ordinal));
        bool wantsClassifier = head switch
        {
            ModelHead.Classifier => true,
            ModelHead.Base => false,
            _ => hasClassifier && (config.Architecture?.EndsWith("ForImageClassification", StringComparison.Ordinal) ?? true),
        };
        if (wantsClassifier && !hasClassifier && config.NumLabels > 0)
            throw new InvalidDataException(
                $"The classifier head was asked for but the checkpoint has no classifier weights. Use the base model " +
                $"(--head base, {variant.BaseClass}) or a fine-tuned checkpoint.");
        return wantsClassifier
            ? new BuiltModel(variant.NewClassifier(config), variant.ClassifierClass, new KeyMapping(variant.BasePrefix, true, []))
            : new BuiltModel(variant.NewBase(config), variant.BaseClass, new KeyMapping(variant.BasePrefix, false, ["classifier."]));
    }
}
