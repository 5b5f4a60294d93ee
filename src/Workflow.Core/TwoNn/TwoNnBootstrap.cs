namespace Workflow.Core.TwoNn;

/// <summary>A bootstrap percentile interval of the TwoNN estimate.</summary>
/// <param name="Low">Lower percentile.</param>
/// <param name="High">Upper percentile.</param>
/// <param name="Sd">Sample standard deviation of the resampled estimates.</param>
/// <param name="Resamples">Resamples whose estimate was defined.</param>
public sealed record TwoNnInterval(double Low, double High, double Sd, int Resamples)
{
    /// <summary>
    /// The estimate of every resample in drawing order (NaN where undefined). Resample b draws the same positions for
    /// every point set of one size, so two models' estimates of a class on the same images are paired resamples of those
    /// images — what the Correlate stage's intervals of r and ρ re-correlate.
    /// </summary>
    public IReadOnlyList<double> Estimates { get; init; } = [];
}

/// <summary>
/// Bootstrap over points: the μᵢ are resampled with replacement (seeded) and the estimator re-run; the
/// interval is the percentile interval. Resampling μ rather than the points themselves avoids the
/// artificial duplicates (r1 = 0) that re-running the neighbour search on a resample would create.
/// </summary>
public static class TwoNnBootstrap
{
    /// <summary>Percentile interval at <see cref="TwoNnOptions.ConfidenceLevel"/> from <see cref="TwoNnOptions.BootstrapCount"/> resamples.</summary>
    /// <exception cref="TwoNnDataException">More than half of the resamples give an undefined estimate.</exception>
    public static TwoNnInterval Interval(ReadOnlySpan<double> mu, TwoNnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BootstrapCount);
        // SplitMix64, not System.Random: its stream is a stable contract (the same resamples on every .NET version).
        var random = new Data.DeterministicRandom(SeedStream.Bootstrap(options.Seed));
        var sample = new double[mu.Length];
        var estimates = new List<double>(options.BootstrapCount);
        var inOrder = new double[options.BootstrapCount];
        for (int b = 0; b < options.BootstrapCount; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = mu[random.NextInt(mu.Length)];
            try
            {
                inOrder[b] = TwoNnEstimator.Estimate(sample, options).Id;
                estimates.Add(inOrder[b]);
            }
            catch (TwoNnDataException)
            {
                inOrder[b] = double.NaN; // a resample made only of ties has no estimate; counted below
            }
        }
        if (estimates.Count * 2 < options.BootstrapCount)
            throw new TwoNnDataException(
                $"Only {estimates.Count} of {options.BootstrapCount} bootstrap resamples gave a defined estimate; the data are " +
                "dominated by ties (μ = 1), so no confidence interval can be given.");
        estimates.Sort();
        double alpha = (1 - options.ConfidenceLevel) / 2;
        return new TwoNnInterval(
            Percentile(estimates, alpha), Percentile(estimates, 1 - alpha), StandardDeviation(estimates), estimates.Count) { Estimates = inOrder };
    }

    /// <summary>numpy's default (linear) percentile of sorted values, q in [0, 1].</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    internal static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        double ss = 0;
        foreach (double v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Count - 1));
    }
}
