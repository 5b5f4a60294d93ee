namespace Workflow.Core.TwoNn;

/// <summary>
/// TwoNN on a point cloud, with the degenerate-data policy of issue 3:
/// non-finite values are an error naming the row; exact duplicate rows are collapsed first and counted;
/// fewer than 3 distinct points is an error; near-duplicates are merged when asked
/// (<see cref="TwoNnOptions.MergeBelow"/>); ties (μ = 1) are legal and counted; an undefined estimate is an error.
/// </summary>
public static class TwoNnAnalysis
{
    /// <summary>Estimates the intrinsic dimension of the rows of <paramref name="points"/>.</summary>
    /// <exception cref="TwoNnDataException">The data do not allow an estimate; the message says why.</exception>
    public static TwoNnResult Run(PointMatrix points, INeighbourSearch search, TwoNnOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PointValidation.EnsureFinite(points);

        DistinctRows distinct = DuplicateRows.Collapse(points);
        RequireThreePoints(distinct.Points.Rows, points.Rows, "distinct");
        PointMatrix cloud = distinct.Points;
        NeighbourDistances nn = search.FindTwoNearest(cloud);

        int merged = 0;
        if (options.MergeBelow is { } relative)
            (cloud, nn, merged) = MergeNearDuplicates(cloud, nn, relative * Median(nn.R1), search, points.Rows);

        double[] mu = TwoNnEstimator.Ratios(nn.R1, nn.R2);
        int ties = mu.Count(m => m == 1);
        TwoNnPointEstimate estimate = TwoNnEstimator.Estimate(mu, options);
        TwoNnInterval? interval = options.BootstrapCount > 0 ? TwoNnBootstrap.Interval(mu, options) : null;
        IReadOnlyList<TwoNnScalePoint> scaling = TwoNnScaling.Decimate(cloud, search, options);

        return new TwoNnResult
        {
            Id = estimate.Id,
            N = points.Rows,
            NUsed = estimate.NUsed,
            NDistinct = cloud.Rows,
            Duplicates = distinct.Duplicates,
            Merged = merged,
            Ties = ties,
            Estimator = TwoNnOptions.Name(options.Estimator),
            DiscardFraction = options.DiscardFraction,
            Convention = TwoNnOptions.Name(options.Convention),
            MleForm = options.Estimator == TwoNnEstimatorKind.Mle ? TwoNnEstimator.MleForm : null,
            R2 = estimate.R2,
            CiLow = interval?.Low,
            CiHigh = interval?.High,
            BootstrapSd = interval?.Sd,
            Bootstrap = interval?.Resamples ?? 0,
            BootstrapEstimates = interval?.Estimates ?? [],
            ConfidenceLevel = options.ConfidenceLevel,
            Seed = options.Seed,
            MergeBelow = options.MergeBelow,
            Scaling = scaling,
            Search = search.Name,
        };
    }

    /// <summary>
    /// Greedy merging in row order: a point whose nearest neighbour is closer than <paramref name="threshold"/>
    /// and has a smaller row index is removed (the smaller index represents the pair); the search is repeated on
    /// the survivors until no two points are closer than the threshold. For isolated pairs this equals
    /// "for each row in order, drop every later row closer than the threshold".
    /// </summary>
    private static (PointMatrix, NeighbourDistances, int) MergeNearDuplicates(
        PointMatrix cloud, NeighbourDistances nn, double threshold, INeighbourSearch search, int inputRows)
    {
        int merged = 0;
        while (true)
        {
            var removed = new bool[cloud.Rows];
            for (int i = 0; i < cloud.Rows; i++)
            {
                if (removed[i] || !(nn.R1[i] < threshold)) continue;
                int j = nn.First[i];
                if (removed[j]) continue;
                removed[Math.Max(i, j)] = true;
            }
            int count = removed.Count(r => r);
            if (count == 0) return (cloud, nn, merged);
            merged += count;
            var survivors = Enumerable.Range(0, cloud.Rows).Where(i => !removed[i]).ToArray();
            RequireThreePoints(survivors.Length, inputRows, "points left after merging near-duplicates");
            cloud = cloud.SelectRows(survivors);
            nn = search.FindTwoNearest(cloud);
        }
    }

    private static void RequireThreePoints(int count, int inputRows, string what)
    {
        if (count < 3)
            throw new TwoNnDataException(
                $"TwoNN needs at least 3 distinct points, but the {inputRows} rows give only {count} {what}. " +
                "Every point needs two distinct neighbours; provide more (distinct) points.");
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
