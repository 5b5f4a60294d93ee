using MathNet.Numerics.Distributions;

namespace Workflow.Core.Statistics;

/// <summary>
/// Pearson and Spearman correlations with two-sided p-values, as scipy computes them: for both, the
/// statistic t = r·√((n − 2)/(1 − r²)) follows Student's t with n − 2 degrees of freedom under H₀
/// (scipy.stats.pearsonr — whose exact beta form is the same distribution — and scipy.stats.spearmanr).
/// </summary>
public static class Correlation
{
    /// <summary>Pearson's r of paired samples, with its two-sided p-value.</summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 pairs, a value is not finite, or a sample is constant.</exception>
    public static CorrelationResult Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        double r = PearsonCoefficient(x, y);
        return new CorrelationResult(CorrelationMethod.Pearson, r, TwoSidedP(r, x.Count), x.Count);
    }

    /// <summary>Spearman's ρ (Pearson r of the ranks, ties given their average rank), with its two-sided p-value.</summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 pairs, a value is not finite, or a sample is constant.</exception>
    public static CorrelationResult Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        double rho = PearsonCoefficient(Ranks.Average(x), Ranks.Average(y));
        return new CorrelationResult(CorrelationMethod.Spearman, rho, TwoSidedP(rho, x.Count), x.Count);
    }

    /// <summary>t = r·√((n − 2)/(1 − r²)); ±∞ when |r| = 1.</summary>
    public static double TStatistic(double r, int n)
    {
        double denominator = (1 - r) * (1 + r);
        if (denominator <= 0) return r > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        return r * Math.Sqrt((n - 2) / denominator);
    }

    /// <summary>P(|T| ≥ |t|) for T ~ Student t with n − 2 degrees of freedom, from the lower tail (no 1 − CDF cancellation).</summary>
    public static double TwoSidedP(double r, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 3);
        double t = TStatistic(r, n);
        if (double.IsInfinity(t)) return 0;
        double p = 2 * StudentT.CDF(0, 1, n - 2, -Math.Abs(t));
        return Math.Min(1, p);
    }

    private static double PearsonCoefficient(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0)
            throw new ArgumentException(
                "A sample is constant, so its correlation is undefined (zero variance). Check the inputs.", sxx == 0 ? nameof(x) : nameof(y));
        double r = sxy / Math.Sqrt(sxx * syy);
        return Math.Clamp(r, -1, 1);
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Paired samples must have equal lengths; x has {x.Count}, y has {y.Count}.", nameof(y));
        if (x.Count < 3)
            throw new ArgumentException($"A correlation p-value needs at least 3 pairs (n − 2 ≥ 1 degrees of freedom), got {x.Count}.", nameof(x));
        for (int i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"Pair {i} holds a non-finite value ({x[i]}, {y[i]}).", double.IsFinite(x[i]) ? nameof(y) : nameof(x));
    }
}
