namespace Workflow.Torch.Models;

/// <summary>Which head to build.</summary>
public enum ModelHead
{
    /// <summary>The class in <c>architectures</c>: the classifier when the config names one and the checkpoint has its weights, else the base model.</summary>
    Auto,
    /// <summary>The base model (e.g. <c>ViTModel</c>); a classifier head in the checkpoint is ignored.</summary>
    Base,
    /// <summary>The <c>*ForImageClassification</c> class (fails when the checkpoint has no classifier weights).</summary>
    Classifier,
}
