using Workflow.Core.TwoNn;

namespace Workflow.Core.Estimators;

/// <summary>How the per-point Levina–Bickel estimates are combined into one.</summary>
public enum MleAggregation
{
    /// <summary>MacKay and Ghahramani's harmonic mean 1/mean(1/mᵢ) (scikit-dimension's <c>comb="mle"</c>, the default).</summary>
    Harmonic,

    /// <summary>The arithmetic mean of the mᵢ (Levina and Bickel's original; skdim <c>comb="mean"</c>).</summary>
    Mean,
}

/// <summary>A Levina–Bickel estimate.</summary>
/// <param name="Id">The combined estimate.</param>
/// <param name="K">Neighbours per point actually used (skdim lowers k to N − 1 when k ≥ N).</param>
/// <param name="Pointwise">The per-point estimates mᵢ.</param>
public sealed record LevinaBickelResult(double Id, int K, double[] Pointwise);

/// <summary>
/// The maximum-likelihood estimator of Levina and Bickel, "Maximum likelihood estimation of intrinsic dimension",
/// NIPS 2004, as scikit-dimension's <c>skdim.id.MLE</c> computes it (default <c>integral_approximation="Haro"</c>
/// with no noise model): per point mᵢ = (k − 1)/Σ_{j=1}^{k} log(R_k/R_j) — k − 2 with <c>unbiased=True</c> — over the
/// k nearest other points (sklearn's <c>kneighbors()</c> excludes the point itself), then combined by
/// <see cref="MleAggregation"/>. Default k = 20 (skdim's <c>_N_NEIGHBORS</c>).
/// </summary>
public static class LevinaBickel
{
    /// <summary>skdim's default number of neighbours.</summary>
    public const int DefaultK = 20;

    /// <summary>The k skdim would use for <paramref name="points"/> points: k, or N − 1 when k ≥ N.</summary>
    public static int EffectiveK(int points, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        if (points < 3) throw new TwoNnDataException($"The Levina–Bickel MLE needs at least 3 distinct points, got {points}.");
        return Math.Min(k, points - 1);
    }

    /// <summary>The estimate from a neighbour table holding at least <paramref name="k"/> neighbours per point.</summary>
    /// <exception cref="TwoNnDataException">A point's k distances are all equal, or one is 0 (a duplicate).</exception>
    public static LevinaBickelResult Estimate(NeighbourTable neighbours, int k = DefaultK, bool unbiased = false,
        MleAggregation aggregation = MleAggregation.Harmonic)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        k = EffectiveK(neighbours.Count + 0, k);
        if (neighbours.K < k)
            throw new ArgumentException($"The MLE with k = {k} needs {k} neighbours per point; the table holds {neighbours.K}.", nameof(neighbours));
        if (unbiased && k < 3) throw new ArgumentOutOfRangeException(nameof(k), k, "The unbiased form (k − 2) needs k ≥ 3.");
        double factor = unbiased ? k - 2 : k - 1;
        var pointwise = new double[neighbours.Count];
        for (int i = 0; i < pointwise.Length; i++)
        {
            ReadOnlySpan<double> r = neighbours.Row(i)[..k];
            double rk = r[k - 1], sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Log(rk / r[j]);
            if (!(sum > 0) || double.IsInfinity(sum))
                throw new TwoNnDataException(
                    $"Point {i}: its {k} nearest distances are {(r[0] == 0 ? "0 for the nearest (a duplicate point)" : "all equal")}, so " +
                    $"Σ log(R_k/R_j) = {sum} and the Levina–Bickel estimate is undefined. Collapse duplicates first (IdEstimation does) or use another k.");
            pointwise[i] = factor / sum;
        }
        double id = aggregation switch
        {
            MleAggregation.Harmonic => 1 / pointwise.Average(m => 1 / m),
            MleAggregation.Mean => pointwise.Average(),
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
        return new LevinaBickelResult(id, k, pointwise);
    }
}
