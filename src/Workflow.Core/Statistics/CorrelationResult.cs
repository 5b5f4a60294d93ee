namespace Workflow.Core.Statistics;

/// <summary>Pearson or Spearman.</summary>
public enum CorrelationMethod
{
    /// <summary>Pearson's product-moment r.</summary>
    Pearson,

    /// <summary>Spearman's rank correlation ρ (Pearson r of the average ranks).</summary>
    Spearman,
}

/// <summary>A correlation coefficient with its two-sided p-value.</summary>
/// <param name="Method">Pearson or Spearman.</param>
/// <param name="Coefficient">r or ρ, in [−1, 1].</param>
/// <param name="PValue">Two-sided p-value of H₀: no correlation, from Student's t with n − 2 degrees of freedom.</param>
/// <param name="N">Number of pairs.</param>
public sealed record CorrelationResult(CorrelationMethod Method, double Coefficient, double PValue, int N)
{
    /// <summary>t = r·√((n − 2)/(1 − r²)), the statistic behind <see cref="PValue"/> (±∞ when |r| = 1).</summary>
    public double T => Correlation.TStatistic(Coefficient, N);
}
