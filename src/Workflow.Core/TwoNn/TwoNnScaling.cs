namespace Workflow.Core.TwoNn;

/// <summary>
/// Decimation (scale) analysis after Facco et al. 2017 (Fig. 3) and DADApy's <c>return_id_scaling_2NN</c>:
/// the estimate on random subsets of N/2, N/4, … points (each repeated), so a user can see whether the
/// estimate is stable across scales. A plateau means the estimate is trustworthy; a drift means the
/// neighbourhood scale matters (curvature, noise).
/// </summary>
public static class TwoNnScaling
{
    /// <summary>
    /// Estimates on <see cref="TwoNnOptions.DecimationRepeats"/> random subsets (without replacement, seeded)
    /// of each size N/2ᵏ ≥ <see cref="TwoNnOptions.DecimationMinPoints"/>, k = 1, 2, …; the points must be distinct.
    /// </summary>
    public static IReadOnlyList<TwoNnScalePoint> Decimate(PointMatrix distinctPoints, INeighbourSearch search, TwoNnOptions options)
    {
        ArgumentNullException.ThrowIfNull(distinctPoints);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(options);
        var scales = new List<TwoNnScalePoint>();
        if (options.DecimationRepeats == 0) return scales;
        // SplitMix64, not System.Random: its stream is a stable contract (the same subsets on every .NET version).
        var random = new Data.DeterministicRandom(SeedStream.Decimation(options.Seed));
        int[] order = Enumerable.Range(0, distinctPoints.Rows).ToArray();
        for (int size = distinctPoints.Rows / 2; size >= Math.Max(3, options.DecimationMinPoints); size /= 2)
        {
            var estimates = new List<double>(options.DecimationRepeats);
            for (int r = 0; r < options.DecimationRepeats; r++)
            {
                // Partial Fisher–Yates: the first `size` entries of `order` become a uniform random subset.
                for (int i = 0; i < size; i++)
                {
                    int j = i + random.NextInt(order.Length - i);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                int[] subset = order[..size];
                Array.Sort(subset);
                try
                {
                    NeighbourDistances nn = search.FindTwoNearest(distinctPoints.SelectRows(subset));
                    estimates.Add(TwoNnEstimator.Estimate(nn.R1, nn.R2, options).Id);
                }
                catch (TwoNnDataException)
                {
                    // An undefined estimate on a subset is left out; Repeats says how many were defined.
                }
            }
            if (estimates.Count > 0)
                scales.Add(new TwoNnScalePoint(size, estimates.Count, estimates.Average(), TwoNnBootstrap.StandardDeviation(estimates)));
        }
        return scales;
    }
}
