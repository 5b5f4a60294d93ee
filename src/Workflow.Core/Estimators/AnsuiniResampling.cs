using Workflow.Core.Data;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Estimators;

/// <summary>The resampling protocol's outcome: mean and standard deviation of the estimates over the subsets.</summary>
/// <param name="Mean">Mean of the subset estimates (the reported ID).</param>
/// <param name="Std">Their population standard deviation (numpy's <c>np.std</c>, ddof = 0; the reported error).</param>
/// <param name="Subsets">S.</param>
/// <param name="Fraction">p.</param>
/// <param name="SubsetSize">⌊p·N⌋ points per subset.</param>
/// <param name="Estimates">The S estimates.</param>
public sealed record ResampledEstimate(double Mean, double Std, int Subsets, double Fraction, int SubsetSize, double[] Estimates);

/// <summary>
/// Ansuini, Laio, Macke and Zoccolan, "Intrinsic dimension of data representations in deep neural networks", NeurIPS
/// 2019: the ID of one class is the mean over S random subsets, each a fraction p of the class's points drawn without
/// replacement, and its error the standard deviation (defaults S = 50, p = 0.9; design.md §9). Works with any
/// <see cref="IIdEstimator"/>; subsets come from SplitMix64 streams, one per subset, so results do not depend on
/// threads or on the .NET version.
/// </summary>
public static class AnsuiniResampling
{
    /// <summary>Default number of subsets.</summary>
    public const int DefaultSubsets = 50;

    /// <summary>Default fraction of the points in each subset.</summary>
    public const double DefaultFraction = 0.9;

    /// <summary>Runs the protocol on the points of one class.</summary>
    public static ResampledEstimate Run(PointMatrix points, IIdEstimator estimator, IKNeighbourSearch search,
        int subsets = DefaultSubsets, double fraction = DefaultFraction, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsets, 1);
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The subset fraction p must be in (0, 1].");
        int size = (int)Math.Floor(fraction * points.Rows);
        if (size < 3)
            throw new TwoNnDataException($"A fraction {fraction} of {points.Rows} points leaves {size} per subset; the estimators need at least 3.");
        var estimates = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            var rows = Enumerable.Range(0, points.Rows).ToArray();
            DeterministicRandom.ForStream(seed, (ulong)s).Shuffle(rows.AsSpan());
            int[] subset = rows[..size];
            Array.Sort(subset);
            estimates[s] = estimator.Estimate(new IdEstimation(points.SelectRows(subset), search));
        }
        double mean = estimates.Average();
        double std = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / subsets);
        return new ResampledEstimate(mean, std, subsets, fraction, size, estimates);
    }
}
