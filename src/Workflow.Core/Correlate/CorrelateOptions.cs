namespace Workflow.Core.Correlate;

/// <summary>Settings of the Correlate stage.</summary>
/// <param name="Summary">The layer summary for the main matrices (default <c>last</c>).</param>
/// <param name="Estimator">Which estimator's rows to use; null when twonn.csv holds only one.</param>
/// <param name="Models">The experiment's models, in order; null for every model of twonn.csv in file order.</param>
/// <param name="TrueDimensions">For a calibration dataset, class name → true d_k (<c>latent_dims.json</c>); else null.</param>
public sealed record CorrelateOptions(
    LayerSummary? Summary = null,
    string? Estimator = null,
    IReadOnlyList<string>? Models = null,
    IReadOnlyDictionary<string, double>? TrueDimensions = null)
{
    /// <summary>The summary, <c>last</c> when not set.</summary>
    public LayerSummary EffectiveSummary => Summary ?? LayerSummary.Last;
}
