using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

public class TwoNnEstimatorTests
{
    [Fact]
    public void Should_EqualHandComputedSlope_When_FitOnFourRatios()
    {
        // μ = e¹, e², e³, e⁴ (given unsorted); N = 4, f = 0.25 keeps 3; x = 1, 2, 3; F = 1/4, 2/4, 3/4.
        double[] mu = [Math.Exp(3), Math.Exp(1), Math.Exp(4), Math.Exp(2)];
        double y1 = -Math.Log(0.75), y2 = -Math.Log(0.5), y3 = -Math.Log(0.25);
        double expected = (1 * y1 + 2 * y2 + 3 * y3) / (1 + 4 + 9);

        TwoNnPointEstimate fit = TwoNnEstimator.Fit(mu, 0.25, TwoNnConvention.Standard);

        Assert.Equal(expected, fit.Id, 12);
        Assert.Equal(3, fit.NUsed);
    }

    [Fact]
    public void Should_ShiftEmpiricalF_When_FaccoConvention()
    {
        // Facco: F = (i − 1)/N = 0, 1/4, 2/4 for x = 1, 2, 3.
        double[] mu = [Math.Exp(1), Math.Exp(2), Math.Exp(3), Math.Exp(4)];
        double expected = (1 * 0 + 2 * -Math.Log(0.75) + 3 * -Math.Log(0.5)) / 14;

        Assert.Equal(expected, TwoNnEstimator.Fit(mu, 0.25, TwoNnConvention.Facco).Id, 12);
    }

    [Fact]
    public void Should_UseUnbiasedForm_When_Mle()
    {
        // (N − 1)/Σ log μ = 3 / (1 + 2 + 3 + 4).
        double[] mu = [Math.Exp(1), Math.Exp(2), Math.Exp(3), Math.Exp(4)];
        Assert.Equal(0.3, TwoNnEstimator.Mle(mu).Id, 14);
    }

    [Theory]
    [InlineData(2000, 0.1, TwoNnConvention.Standard, 1800)]
    [InlineData(1000, 0.1, TwoNnConvention.Standard, 900)]
    [InlineData(950, 0.1, TwoNnConvention.Standard, 855)]
    [InlineData(10, 0.0, TwoNnConvention.Standard, 9)]
    [InlineData(10, 0.0, TwoNnConvention.Facco, 10)]
    public void Should_KeepFloorOfNTimesOneMinusF_When_CountingFitPoints(int n, double f, TwoNnConvention convention, int expected) =>
        Assert.Equal(expected, TwoNnEstimator.PointsKept(n, f, convention));

    [Fact]
    public void Should_ThrowClearError_When_EveryRatioIsOne()
    {
        double[] ties = Enumerable.Repeat(1.0, 50).ToArray();
        var fit = Assert.Throws<TwoNnDataException>(() => TwoNnEstimator.Fit(ties, 0.1, TwoNnConvention.Standard));
        var mle = Assert.Throws<TwoNnDataException>(() => TwoNnEstimator.Mle(ties));
        Assert.Contains("undefined", fit.Message);
        Assert.Contains("lattice", mle.Message);
    }

    [Fact]
    public void Should_GiveUnitR2_When_RatiosFollowExactParetoQuantiles()
    {
        // μᵢ = (1 − Fᵢ)^(−1/d) puts every point exactly on the line y = d·x.
        const int n = 100;
        const double d = 7;
        double[] mu = Enumerable.Range(1, n - 1).Select(i => Math.Pow(1 - (double)i / n, -1 / d)).Append(1e9).ToArray();
        TwoNnPointEstimate fit = TwoNnEstimator.Fit(mu, 0.1, TwoNnConvention.Standard);
        Assert.Equal(d, fit.Id, 10);
        Assert.Equal(1.0, fit.R2!.Value, 10);
    }

    [Fact]
    public void Should_Throw_When_R1IsZero()
    {
        Assert.Throws<TwoNnDataException>(() => TwoNnEstimator.Ratios([0.0, 1.0], [1.0, 2.0]));
    }
}
