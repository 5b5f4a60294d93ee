namespace Workflow.Core.Correlate;

/// <summary>A correlation coefficient (Pearson r or Spearman ρ) with its two-sided p-value.</summary>
public readonly record struct CorrelationTest(double Coefficient, double PValue)
{
    /// <summary>Neither defined: fewer than three pairs, or a constant vector.</summary>
    public static CorrelationTest Undefined { get; } = new(double.NaN, double.NaN);
}

/// <summary>
/// The two correlation tests the Correlate stage needs. The implementation lives in
/// <c>Workflow.Core.Statistics.Correlation</c> (two-sided p from Student's t with n − 2 degrees of freedom for
/// both, as scipy.stats.pearsonr / spearmanr do; average ranks for ties); this seam keeps the stage's
/// bookkeeping testable on its own.
/// </summary>
public interface ICorrelationTests
{
    /// <summary>Pearson's r and its two-sided p-value.</summary>
    CorrelationTest Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y);

    /// <summary>Spearman's ρ (Pearson r of average ranks) and its two-sided p-value.</summary>
    CorrelationTest Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y);
}
