namespace Workflow.Core.Correlate;

/// <summary>Settings of the Correlate stage.</summary>
/// <param name="Summary">The layer summary for the main matrices (default <c>last</c>).</param>
/// <param name="Estimator">Which estimator's rows to use; null when twonn.csv holds only one.</param>
/// <param name="Models">The experiment's models, in order; null for every model of twonn.csv in file order.</param>
/// <param name="TrueDimensions">For a calibration dataset, class name → true d_k (<c>latent_dims.json</c>); else null.</param>
/// <param name="Permutations">Label-shuffle budget of each pair's permutation p (0: none).</param>
/// <param name="Resampled">Per bootstrap resample, twonn.csv's rows re-estimated on resampled images (<see cref="TwoNnBootstrapFile"/>): the
/// intervals of r and ρ; null or empty for none.</param>
/// <param name="Seed">Seed of the Monte Carlo label shuffles.</param>
public sealed record CorrelateOptions(
    LayerSummary? Summary = null,
    string? Estimator = null,
    IReadOnlyList<string>? Models = null,
    IReadOnlyDictionary<string, double>? TrueDimensions = null,
    int Permutations = 0,
    IReadOnlyList<IReadOnlyList<TwoNnRow>>? Resampled = null,
    ulong Seed = 0)
{
    /// <summary>Confidence level of the resampling intervals.</summary>
    public const double IntervalLevel = 0.95;

    /// <summary>The summary, <c>last</c> when not set.</summary>
    public LayerSummary EffectiveSummary => Summary ?? LayerSummary.Last;
}
