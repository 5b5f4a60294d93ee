using System.Runtime.CompilerServices;

namespace Workflow.Core.TwoNn;

/// <summary>A point estimate: the value, the points it used, and the fit's R² (null for the MLE).</summary>
/// <param name="Id">The estimate.</param>
/// <param name="NUsed">Points entering the estimator.</param>
/// <param name="R2">Coefficient of determination of the fit; null for the MLE.</param>
public sealed record TwoNnPointEstimate(double Id, int NUsed, double? R2);

/// <summary>
/// The TwoNN estimators of Facco, d'Errico, Rodriguez and Laio, "Estimating the intrinsic dimension of
/// datasets by a minimal neighborhood information", Sci. Rep. 7:12140 (2017), as pure functions over
/// r1/r2 or μ = r2/r1. Under local uniformity μ follows the Pareto law F(μ) = 1 − μ^(−d) (eq. 3), so
/// −log(1 − F(μ)) = d·log μ (eq. 4).
/// </summary>
public static class TwoNnEstimator
{
    /// <summary>The MLE form reported in output metadata.</summary>
    public const string MleForm = "(N-1)/sum(log mu)";

    /// <summary>μᵢ = r2ᵢ / r1ᵢ.</summary>
    /// <exception cref="TwoNnDataException">Some r1 is 0 (a duplicate point) or a distance is not finite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Ratios(ReadOnlySpan<double> r1, ReadOnlySpan<double> r2)
    {
        if (r1.Length != r2.Length)
            throw new ArgumentException($"r1 has {r1.Length} values but r2 has {r2.Length}.", nameof(r2));
        var mu = new double[r1.Length];
        for (int i = 0; i < mu.Length; i++)
        {
            if (!(r1[i] > 0) || !double.IsFinite(r2[i]) || r2[i] < r1[i])
                throw new TwoNnDataException(
                    $"Point {i} has r1 = {r1[i]} and r2 = {r2[i]}; TwoNN needs 0 < r1 ≤ r2 < ∞. A zero r1 means an exact " +
                    "duplicate point: collapse duplicates first (TwoNnAnalysis does).");
            mu[i] = r2[i] / r1[i];
        }
        return mu;
    }

    /// <summary>Points kept by the fit: ⌊N(1 − f)⌋ (skdim's <c>int(N*(1-discard_fraction))</c>), at most N − 1 for F = i/N.</summary>
    public static int PointsKept(int n, double discardFraction, TwoNnConvention convention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!(discardFraction >= 0 && discardFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(discardFraction), discardFraction, "Must be in [0, 1).");
        int kept = (int)Math.Floor(n * (1 - discardFraction));
        // With F = i/N the largest μ has F = 1 and −log(1 − F) = ∞: it can never enter the fit.
        return convention == TwoNnConvention.Standard ? Math.Min(kept, n - 1) : kept;
    }

    /// <summary>
    /// Facco's fit (eq. 4; DADApy <c>_compute_id_2NN</c> with <c>algorithm="base"</c>): sort μ ascending,
    /// F₍ᵢ₎ = i/N (or (i − 1)/N, <see cref="TwoNnConvention.Facco"/>), keep the first ⌊N(1 − f)⌋ points, and
    /// take the least-squares slope through the origin of y = −log(1 − F) on x = log μ: d = Σxy / Σx².
    /// R² is the centred one, 1 − Σ(y − d·x)² / Σ(y − ȳ)².
    /// </summary>
    /// <exception cref="TwoNnDataException">The slope is undefined (every kept μ is 1, as on a lattice) or too few points are kept.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TwoNnPointEstimate Fit(ReadOnlySpan<double> mu, double discardFraction, TwoNnConvention convention)
    {
        int n = mu.Length;
        int kept = PointsKept(n, discardFraction, convention);
        if (kept < 2)
            throw new TwoNnDataException(
                $"The TwoNN fit keeps ⌊N(1 − f)⌋ = {kept} of N = {n} points (f = {discardFraction}); it needs at least 2. " +
                "Use more points or a smaller discard fraction.");
        double[] sorted = mu.ToArray();
        Array.Sort(sorted);
        double offset = convention == TwoNnConvention.Standard ? 0 : 1;
        double sxy = 0, sxx = 0, sy = 0, syy = 0;
        for (int i = 0; i < kept; i++)
        {
            double x = Math.Log(sorted[i]);
            double f = (i + 1 - offset) / n;
            double y = -Math.Log(1 - f);
            sxy += x * y;
            sxx += x * x;
            sy += y;
            syy += y * y;
        }
        if (!(sxx > 0))
            throw new TwoNnDataException(
                $"The TwoNN fit is undefined: all {kept} kept ratios μ = r2/r1 equal 1, i.e. every point's first and second " +
                "neighbours are equidistant (as on a regular lattice), so log μ = 0 and the slope through the origin has no data. " +
                "TwoNN assumes locally uniform, non-degenerate data; add noise or use another estimator.");
        double d = sxy / sxx;
        // Σ(y − d x)² = Σy² − 2dΣxy + d²Σx² = Σy² − d·Σxy (since d = Σxy/Σx²); Σ(y − ȳ)² = Σy² − (Σy)²/n.
        double ssRes = Math.Max(0, syy - d * sxy);
        double ssTot = syy - sy * sy / kept;
        double? r2 = ssTot > 0 ? 1 - ssRes / ssTot : null;
        return new TwoNnPointEstimate(d, kept, r2);
    }

    /// <summary>
    /// The maximum-likelihood estimate in its unbiased form d = (N − 1) / Σᵢ log μᵢ over all N points
    /// (DADApy <c>_compute_id_2NN</c> with <c>algorithm="ml"</c>; the plain MLE is N / Σ log μ).
    /// </summary>
    /// <exception cref="TwoNnDataException">Σ log μ = 0 (every μ is 1) or fewer than 2 points.</exception>
    public static TwoNnPointEstimate Mle(ReadOnlySpan<double> mu)
    {
        if (mu.Length < 2)
            throw new TwoNnDataException($"The TwoNN MLE needs at least 2 ratios, got {mu.Length}.");
        double sum = 0;
        foreach (double m in mu) sum += Math.Log(m);
        if (!(sum > 0))
            throw new TwoNnDataException(
                $"The TwoNN MLE is undefined: all {mu.Length} ratios μ = r2/r1 equal 1 (every point's two nearest neighbours " +
                "are equidistant, as on a regular lattice), so Σ log μ = 0.");
        return new TwoNnPointEstimate((mu.Length - 1) / sum, mu.Length, null);
    }

    /// <summary>The estimate chosen by <paramref name="options"/> on the ratios <paramref name="mu"/>.</summary>
    public static TwoNnPointEstimate Estimate(ReadOnlySpan<double> mu, TwoNnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Estimator == TwoNnEstimatorKind.Fit
            ? Fit(mu, options.DiscardFraction, options.Convention)
            : Mle(mu);
    }

    /// <summary>The estimate from neighbour distances (μ = r2/r1, then <see cref="Estimate(ReadOnlySpan{double}, TwoNnOptions)"/>).</summary>
    public static TwoNnPointEstimate Estimate(ReadOnlySpan<double> r1, ReadOnlySpan<double> r2, TwoNnOptions options) =>
        Estimate(Ratios(r1, r2), options);
}
