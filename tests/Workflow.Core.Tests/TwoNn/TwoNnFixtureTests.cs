using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>
/// Every fixture reproduced to 1e-6 relative against the independent numpy reference (exact float64
/// distances), for the fit in both conventions and for the MLE.
/// </summary>
public class TwoNnFixtureTests
{
    private const double Relative = 1e-6;

    public static TheoryData<string> CleanFiles => new()
    {
        "hypercube_d5_N2000_D64.npy",
        "sphere5_N2000_D128_noise0.01.npy",
        "gauss_aniso_N1000_D768.npy",
    };

    [Theory]
    [MemberData(nameof(CleanFiles))]
    public void Should_ReproduceNumpyReference_When_FitWithStandardConvention(string file)
    {
        TwoNnResult result = Run(file, new TwoNnOptions());
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.FitStandard), result.Id);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal((int)Math.Floor(result.N * 0.9), result.NUsed);
    }

    [Theory]
    [MemberData(nameof(CleanFiles))]
    public void Should_ReproduceFaccoProgram_When_FitWithFaccoConvention(string file)
    {
        TwoNnResult result = Run(file, new TwoNnOptions { Convention = TwoNnConvention.Facco });
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.FitFacco), result.Id);
    }

    [Theory]
    [MemberData(nameof(CleanFiles))]
    public void Should_ReproduceNumpyReference_When_Mle(string file)
    {
        TwoNnResult result = Run(file, new TwoNnOptions { Estimator = TwoNnEstimatorKind.Mle });
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.Mle), result.Id);
        Assert.Equal(TwoNnEstimator.MleForm, result.MleForm);
        Assert.Equal(result.N, result.NUsed);
    }

    [Fact]
    public void Should_GiveFiniteEstimateAndCountFiftyDuplicates_When_DuplicatesFixture()
    {
        const string file = "duplicates_N1000_D8.npy";
        const string unique = "exact duplicate rows removed";
        TwoNnResult fit = Run(file, new TwoNnOptions());
        TwoNnResult facco = Run(file, new TwoNnOptions { Convention = TwoNnConvention.Facco });
        TwoNnResult mle = Run(file, new TwoNnOptions { Estimator = TwoNnEstimatorKind.Mle });

        // 40 duplicate pairs (40 rows removed) + 5 triples (10 rows removed).
        Assert.Equal(50, fit.Duplicates);
        Assert.Equal(950, fit.NDistinct);
        Assert.True(double.IsFinite(fit.Id) && double.IsFinite(mle.Id));
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.FitStandard, unique), fit.Id);
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.FitFacco, unique), facco.Id);
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.Mle, unique), mle.Id);
    }

    [Fact]
    public void Should_MatchGreedyMergeReference_When_NearDuplicatesMergedBelowThreshold()
    {
        const string file = "duplicates_N1000_D8.npy";
        // The reference merges points closer than 1e-4 (absolute); our threshold is relative to the median r1
        // of the distinct points, so convert.
        var distinct = DuplicateRows.Collapse(TwoNnFixture.Load(file)).Points;
        double medianR1 = TwoNnAnalysis.Median(ExactNeighbourSearch.Instance.FindTwoNearest(distinct).R1);
        var options = new TwoNnOptions { MergeBelow = 1e-4 / medianR1 };

        TwoNnResult fit = Run(file, options);
        TwoNnResult mle = Run(file, options with { Estimator = TwoNnEstimatorKind.Mle });

        const string merged = "points closer than 1e-4 merged";
        Assert.Equal(50, fit.Duplicates);
        Assert.Equal(50, fit.Merged);
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.FitStandard, merged), fit.Id);
        AssertRelative(TwoNnFixture.Reference(file, TwoNnFixture.Numpy, TwoNnFixture.Mle, merged), mle.Id);
    }

    private static TwoNnResult Run(string file, TwoNnOptions options) =>
        TwoNnAnalysis.Run(TwoNnFixture.Load(file), ExactNeighbourSearch.Instance, options);

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= Relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
