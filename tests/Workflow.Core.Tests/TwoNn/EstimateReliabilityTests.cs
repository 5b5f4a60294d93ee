using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>The small-sample rule: its threshold from the TwoNN MLE's spread, checked by simulation, and its notes.</summary>
public class EstimateReliabilityTests
{
    [Fact]
    public void Should_FlagTheEstimate_When_TheFitKeepsTwoPoints()
    {
        // idim twonn on 3 points: the fit discards 10 % and keeps 2 (probe-round1 item 22).
        string? note = EstimateReliability.Note(2, 0.74);

        Assert.NotNull(note);
        Assert.StartsWith("unreliable: 2 points in the estimate (< 27", note);
    }

    [Fact]
    public void Should_FlagTheEstimate_When_TheIdExceedsWhatThePointsSpan()
    {
        // 20 points of a 200000-D cloud gave ID 1361.8 (probe-round1 item 22); the fit keeps 18.
        string? note = EstimateReliability.Note(18, 1361.8);

        Assert.Contains("ID 1362 >= n_used - 1 = 17", note);
    }

    [Fact]
    public void Should_NotFlag_When_ThePosterSampleSizeIsUsed()
    {
        // 500 images per class, 10 % discarded by the fit: 450 points.
        Assert.Null(EstimateReliability.Note(450, 23.4));
        Assert.Null(EstimateReliability.Note(EstimateReliability.MinPoints, 11.0));
        Assert.NotNull(EstimateReliability.Note(EstimateReliability.MinPoints - 1, 11.0));
        Assert.Null(EstimateReliability.Note(2, double.NaN)); // no estimate: the row already says why
    }

    [Fact]
    public void Should_PutTheThresholdWhereTheRelativeErrorReachesTwentyPercent_When_TheClosedFormIsEvaluated()
    {
        Assert.Equal(0.2, EstimateReliability.RelativeStandardError(EstimateReliability.MinPoints), 12);
        Assert.True(EstimateReliability.RelativeStandardError(EstimateReliability.MinPoints - 1) > EstimateReliability.MaxRelativeError);
    }

    [Theory]
    [InlineData(27, 0.2)]
    [InlineData(102, 0.1)]
    public void Should_MatchTheSimulatedSpreadOfTheMle_When_LogRatiosAreExponential(int points, double expected)
    {
        // Facco et al. 2017: log μ ~ Exp(d) for points on a d-manifold; the MLE is (N − 1) / Σ log μ.
        const double d = 7.0;
        const int repeats = 40_000;
        var random = new Random(12345);
        var estimates = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            double sum = 0;
            for (int i = 0; i < points; i++) sum += -Math.Log(1.0 - random.NextDouble()) / d;
            estimates[r] = (points - 1) / sum;
        }
        double mean = estimates.Average();
        double sd = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (repeats - 1));

        Assert.Equal(d, mean, 0.05); // unbiased
        Assert.Equal(expected, sd / d, 0.005);
        Assert.Equal(expected, EstimateReliability.RelativeStandardError(points), 0.0001);
    }
}
