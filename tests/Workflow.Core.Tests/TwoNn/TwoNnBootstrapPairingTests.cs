using Workflow.Core.Data;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>
/// The bootstrap keeps every resample's estimate in drawing order, and resample b draws the same positions for any μ
/// vector of one length — what makes two models' resamples of one class paired (the Correlate stage's intervals).
/// </summary>
public class TwoNnBootstrapPairingTests
{
    private static double[] Ratios(int n, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        // Pareto(d = 3) ratios: μ = U^(−1/3).
        return Enumerable.Range(0, n).Select(_ => Math.Pow(1 - random.NextDouble(), -1.0 / 3)).ToArray();
    }

    [Theory]
    [InlineData(TwoNnEstimatorKind.Fit)]
    [InlineData(TwoNnEstimatorKind.Mle)]
    public void Should_HalveEveryResamplesEstimate_When_TheRatiosAreSquared(TwoNnEstimatorKind estimator)
    {
        // log μ² = 2 log μ: on the same resampled positions the fitted slope (and the MLE) is exactly half.
        double[] mu = Ratios(400, 7);
        double[] squared = mu.Select(m => m * m).ToArray();
        var options = new TwoNnOptions { Estimator = estimator, BootstrapCount = 40, Seed = 5 };

        TwoNnInterval one = TwoNnBootstrap.Interval(mu, options), other = TwoNnBootstrap.Interval(squared, options);

        Assert.Equal(40, one.Estimates.Count);
        for (int b = 0; b < 40; b++) Assert.Equal(one.Estimates[b] / 2, other.Estimates[b], one.Estimates[b] * 1e-12);
    }

    [Fact]
    public void Should_GiveTheIntervalOfItsOwnEstimates_When_Bootstrapping()
    {
        var options = new TwoNnOptions { BootstrapCount = 101, Seed = 1 };

        TwoNnInterval interval = TwoNnBootstrap.Interval(Ratios(300, 3), options);

        // 101 sorted estimates: the 2.5 % and 97.5 % percentiles are the 3rd and 99th (numpy's linear rule at exact positions).
        double[] sorted = interval.Estimates.Order().ToArray();
        Assert.Equal(sorted[2] + 0.5 * (sorted[3] - sorted[2]), interval.Low, 12);
        Assert.Equal(sorted[97] + 0.5 * (sorted[98] - sorted[97]), interval.High, 12);
    }
}
