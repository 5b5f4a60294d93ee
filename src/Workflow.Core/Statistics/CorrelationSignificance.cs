using Workflow.Core.Similarity;

namespace Workflow.Core.Statistics;

/// <summary>A correlation with its permutation p-value and its resampling interval.</summary>
/// <param name="Method">Pearson or Spearman.</param>
/// <param name="Coefficient">r or ρ of the estimates themselves.</param>
/// <param name="PermutationP">Two-sided p of the label-shuffle null (|r(π)| ≥ |r|).</param>
/// <param name="Permutations">Permutations evaluated.</param>
/// <param name="Exact">Whether all n! label orders were enumerated.</param>
/// <param name="Low">Lower end of the percentile interval over the resamples (null without resamples).</param>
/// <param name="High">Upper end.</param>
/// <param name="Resamples">Resamples behind the interval.</param>
public sealed record CorrelationSignificanceResult(
    CorrelationMethod Method, double Coefficient, double PermutationP, long Permutations, bool Exact, double? Low, double? High, int Resamples);

/// <summary>
/// Significance and uncertainty of a correlation between per-class quantities (design.md §10, issue 14 item 3) that no
/// anchor offers: (1) a permutation null — shuffle which class carries which value, exact over all n! orders when n! is
/// at most the budget, else seeded Monte Carlo (<see cref="PermutationTest"/>); (2) a percentile interval that carries
/// each class's own estimation uncertainty: for every resample b the caller re-estimates each class's ID on resampled
/// images (<c>resampled[b][c]</c>) and the correlation is recomputed on those.
/// </summary>
public static class CorrelationSignificance
{
    /// <summary>Pearson and Spearman of <paramref name="x"/> with <paramref name="y"/>, each with its p and interval.</summary>
    /// <param name="x">The per-class values (e.g. an ID per class).</param>
    /// <param name="y">The other per-class values (e.g. the known d_k, or another model's IDs).</param>
    /// <param name="resampledX">Per resample, the re-estimated x of every class (may be empty: no interval).</param>
    /// <param name="permutations">Label-shuffle budget.</param>
    /// <param name="level">Confidence level of the interval (e.g. 0.95).</param>
    /// <param name="seed">Seed of the Monte Carlo shuffles.</param>
    public static IReadOnlyList<CorrelationSignificanceResult> Analyse(IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<IReadOnlyList<double>> resampledX, int permutations = 10000, double level = 0.95, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(resampledX);
        return Analyse(x, y, resampledX.Select(r => (r, y)).ToArray(), permutations, level, seed);
    }

    /// <summary>
    /// As above, when both sides carry estimation uncertainty (two models' per-class IDs): resample b holds both sides
    /// re-estimated on the same resampled images, and the interval is of the correlation of the pairs.
    /// </summary>
    /// <param name="resampled">Per resample, (x, y) re-estimated; may be empty (no interval).</param>
    public static IReadOnlyList<CorrelationSignificanceResult> Analyse(IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> resampled, int permutations, double level, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(resampled);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "Must be in (0, 1).");
        var results = new List<CorrelationSignificanceResult>();
        foreach (CorrelationMethod method in new[] { CorrelationMethod.Pearson, CorrelationMethod.Spearman })
        {
            Func<IReadOnlyList<double>, IReadOnlyList<double>, double> coefficient = method == CorrelationMethod.Pearson
                ? (a, b) => Correlation.Pearson(a, b).Coefficient
                : (a, b) => Correlation.Spearman(a, b).Coefficient;
            double observed = coefficient(x, y);
            var shuffled = new double[y.Count];
            // An undefined coefficient (a constant side) has no null distribution to compare with.
            PermutationResult shuffle = permutations > 0 && double.IsFinite(observed)
                ? PermutationTest.PValue(x.Count, pi =>
                {
                    for (int i = 0; i < pi.Length; i++) shuffled[i] = y[pi[i]];
                    return Math.Abs(coefficient(x, shuffled));
                }, Math.Abs(observed), permutations, seed)
                : new PermutationResult(double.NaN, 0, false);
            double? low = null, high = null;
            double[] values = resampled.Select(r => coefficient(r.X, r.Y)).Where(double.IsFinite).Order().ToArray();
            if (values.Length > 0)
            {
                low = Quantile(values, (1 - level) / 2);
                high = Quantile(values, 1 - (1 - level) / 2);
            }
            results.Add(new CorrelationSignificanceResult(method, observed, shuffle.P, shuffle.Permutations, shuffle.Exact, low, high, values.Length));
        }
        return results;
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1) return sorted[^1];
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
