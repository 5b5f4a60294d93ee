namespace Workflow.Core.Estimators;

/// <summary>
/// GRIDE, the generalised ratio ID estimator of Denti, Doimo, Laio and Mira, "The generalized ratios intrinsic dimension
/// estimator", Sci. Rep. 12:20005 (2022), exactly as DADApy computes it (<c>IdEstimation.return_id_scaling_gride</c>
/// and <c>_utils/utils.py</c>: <c>_filter_mus</c>, <c>_argmax_loglik</c>, <c>_neg_dloglik_did</c>,
/// <c>_fisher_info_scaling</c>), design.md §9. With μᵢ = r_{n2}/r_{n1} the log-likelihood is
/// ℓ(d) = (N−1)·log d + (n2−n1−1)·Σ log(μᵢ^d − 1) − N·log B(n2−n1, n1) − Σ((n2−1)d+1)·log μᵢ, whose maximum is found by
/// bisection of its derivative; (n1, n2) = (1, 2) is TwoNN's MLE (N−1)/Σ log μ.
/// Where DADApy returns a bracket end silently (no root in [0.001, 1000], e.g. on a lattice where every μ is 1) we
/// return no estimate and say why.
/// </summary>
public static class Gride
{
    /// <summary>float64 machine epsilon (numpy's <c>np.finfo(np.float64).eps</c>, 2.22e-16).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>DADApy's search interval of the dimension, [d0, d1] = [0.001, 1000].</summary>
    public const double LowerBracket = 0.001, UpperBracket = 1000;

    /// <summary>DADApy's bisection tolerance (and, doubled, the clamp of 1 − μ^(−d) in the derivative).</summary>
    public const double Tolerance = 1e-7;

    /// <summary>DADApy's default largest neighbour rank of the scale analysis.</summary>
    public const int DefaultRangeMax = 64;

    /// <summary>
    /// μᵢ = r_{n2}/r_{n1} for every point, with distances below machine epsilon raised to it first (DADApy's
    /// <c>remove_zero_dists</c>).
    /// </summary>
    public static double[] Ratios(Workflow.Core.TwoNn.NeighbourTable neighbours, int n1, int n2)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        CheckRanks(n1, n2, neighbours.K);
        var mu = new double[neighbours.Count];
        for (int i = 0; i < mu.Length; i++)
            mu[i] = Clamp(neighbours.Distance(i, n2)) / Clamp(neighbours.Distance(i, n1));
        return mu;
    }

    /// <summary>The mean over points of (r_{n1} + r_{n2})/2 (DADApy's <c>rs_scaling</c>, clamped distances).</summary>
    public static double Scale(Workflow.Core.TwoNn.NeighbourTable neighbours, int n1, int n2)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        CheckRanks(n1, n2, neighbours.K);
        double sum = 0;
        for (int i = 0; i < neighbours.Count; i++)
            sum += Clamp(neighbours.Distance(i, n1)) + Clamp(neighbours.Distance(i, n2));
        return sum / (2.0 * neighbours.Count);
    }

    /// <summary>GRIDE at one scale (n1, n2) from the ratios μ (which are not modified).</summary>
    public static GrideScale Estimate(ReadOnlySpan<double> ratios, int n1, int n2, double scale = double.NaN)
    {
        if (n1 < 1 || n2 <= n1) throw new ArgumentOutOfRangeException(nameof(n2), $"Need 1 ≤ n1 < n2, got n1 = {n1}, n2 = {n2}.");
        if (ratios.Length < 2) throw new ArgumentException($"GRIDE needs at least 2 ratios, got {ratios.Length}.", nameof(ratios));
        // DADApy's _filter_mus adds 10·eps to μ == 1 in place; the Fisher information then sees the raised values.
        double[] mu = ratios.ToArray();
        for (int i = 0; i < mu.Length; i++)
            if (mu[i] == 1) mu[i] += 10 * MachineEpsilon;
        double[] kept = Filter(mu);

        double low = LowerBracket, high = UpperBracket;
        double atHigh = NegativeDerivative(high, kept, n1, n2);
        double atLow = NegativeDerivative(low, kept, n1, n2);
        if (!(atHigh * atLow < 0))
            return new GrideScale(n1, n2, null, null, scale, kept.Length,
                $"the GRIDE likelihood at ranks ({n1}, {n2}) has no maximum inside [{LowerBracket}, {UpperBracket}] (its derivative does " +
                "not change sign), as happens when the ratios r_n2/r_n1 are all (nearly) 1, e.g. on a regular lattice; DADApy would " +
                "return the bracket end. Add noise, use larger ranks or another estimator.");
        // DADApy's loop: the sign at d1 is evaluated once, the bracket halves until it is below the tolerance.
        while (Math.Abs(low - high) > Tolerance)
        {
            double middle = (low + high) / 2.0;
            if (NegativeDerivative(middle, kept, n1, n2) * atHigh > 0) high = middle;
            else low = middle;
        }
        double id = (low + high) / 2.0;
        double sigma = 1 / Math.Sqrt(FisherInformation(id, mu, n1, n2));
        return new GrideScale(n1, n2, id, sigma, scale, kept.Length, null);
    }

    /// <summary>GRIDE at one scale from a neighbour table (k ≥ n2).</summary>
    public static GrideScale Estimate(Workflow.Core.TwoNn.NeighbourTable neighbours, int n1, int n2) =>
        Estimate(Ratios(neighbours, n1, n2), n1, n2, Scale(neighbours, n1, n2));

    /// <summary>
    /// The scale analysis: n1 = 1, 2, 4, …, n2 = 2·n1 while n2 ≤ min(N − 1, <paramref name="rangeMax"/>), all on the full
    /// data (DADApy <c>return_id_scaling_gride</c>; DADApy caps the rank at N, which needs an N-th other point).
    /// </summary>
    public static IReadOnlyList<GrideScale> Scaling(Workflow.Core.TwoNn.NeighbourTable neighbours, int rangeMax = DefaultRangeMax)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        int maxRank = MaxRank(neighbours.Count, rangeMax);
        if (neighbours.K < maxRank)
            throw new ArgumentException($"The scale analysis to rank {maxRank} needs {maxRank} neighbours per point; the table holds {neighbours.K}.", nameof(neighbours));
        var scales = new List<GrideScale>();
        for (int n1 = 1; 2 * n1 <= maxRank; n1 *= 2)
            scales.Add(Estimate(neighbours, n1, 2 * n1));
        return scales;
    }

    /// <summary>The largest rank the scale analysis uses: the largest power of two ≤ min(N − 1, rangeMax).</summary>
    public static int MaxRank(int points, int rangeMax)
    {
        if (rangeMax < 2) throw new ArgumentOutOfRangeException(nameof(rangeMax), rangeMax, "range_max must be at least 2 (one scale, ranks 1 and 2).");
        if (points < 3) throw new ArgumentOutOfRangeException(nameof(points), points, "GRIDE needs at least 3 points.");
        int cap = Math.Min(points - 1, rangeMax), rank = 1;
        while (2 * rank <= cap) rank *= 2;
        return rank;
    }

    /// <summary>DADApy's <c>_filter_mus</c> outlier cut: keep μ &lt; 20·(q95 − q50) + q50 (numpy's linear percentiles).</summary>
    internal static double[] Filter(double[] mu)
    {
        double[] sorted = (double[])mu.Clone();
        Array.Sort(sorted);
        double q95 = NumpyPercentile(sorted, 0.95), q50 = NumpyPercentile(sorted, 0.5);
        double max = 20 * (q95 - q50) + q50;
        return mu.Where(m => m < max).ToArray();
    }

    /// <summary>numpy's default ("linear") quantile of sorted values, with numpy's own index and interpolation formulas.</summary>
    internal static double NumpyPercentile(double[] sorted, double quantile)
    {
        int n = sorted.Length;
        // numpy _compute_virtual_index with alpha = beta = 1: n·q + (1 + q·(1 − 1 − 1)) − 1.
        double index = n * quantile + (1 + quantile * (1 - 1 - 1)) - 1;
        int below = (int)Math.Floor(index);
        double t = index - below;
        if (below < 0) return sorted[0];
        if (below >= n - 1) return sorted[n - 1];
        double a = sorted[below], b = sorted[below + 1], diff = b - a;
        // numpy _lerp: a + (b − a)·t, or b − (b − a)·(1 − t) when t ≥ 0.5.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>DADApy's <c>_neg_dloglik_did</c>: Σᵢ[(n1 − n2 + 1)/(1 − μᵢ^(−d)) + n2 − 1]·log μᵢ − (N − 1)/d, the clamp
    /// of 1 − μ^(−d) at 2·10⁻⁷ included.</summary>
    internal static double NegativeDerivative(double d, double[] mu, int n1, int n2)
    {
        double sum = 0;
        foreach (double m in mu)
        {
            double oneMinus = 1.0 - Math.Pow(m, -d);
            if (oneMinus < 2 * Tolerance) oneMinus = 2 * Tolerance;
            sum += ((1 - n2 + n1) / oneMinus + n2 - 1.0) * Math.Log(m);
        }
        return sum - (mu.Length - 1) / d;
    }

    /// <summary>DADApy's <c>_fisher_info_scaling</c>: N/d² + (n2 − n1 − 1)·Σ (log μ)²μ^(−d)/(1 − μ^(−d))², clamp 5·eps, all N ratios.</summary>
    internal static double FisherInformation(double d, double[] mu, int n1, int n2)
    {
        double sum = 0;
        foreach (double m in mu)
        {
            double power = Math.Pow(m, -d);
            double oneMinus = 1.0 - power;
            if (oneMinus < 5 * MachineEpsilon) oneMinus = 5 * MachineEpsilon;
            double factor = Math.Log(m) / oneMinus;
            sum += factor * factor * power;
        }
        return mu.Length / (d * d) + (n2 - n1 - 1) * sum;
    }

    private static double Clamp(double distance) => distance < MachineEpsilon ? MachineEpsilon : distance;

    private static void CheckRanks(int n1, int n2, int k)
    {
        if (n1 < 1 || n2 <= n1)
            throw new ArgumentOutOfRangeException(nameof(n2), $"GRIDE needs neighbour ranks 1 ≤ n1 < n2, got n1 = {n1}, n2 = {n2}.");
        if (n2 > k)
            throw new ArgumentOutOfRangeException(nameof(n2), $"Rank n2 = {n2} needs {n2} neighbours per point; only {k} were searched.");
    }
}
