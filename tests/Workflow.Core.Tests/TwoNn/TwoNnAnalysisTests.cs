using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

public class TwoNnAnalysisTests
{
    private static readonly INeighbourSearch Search = ExactNeighbourSearch.Instance;

    [Fact]
    public void Should_NameTheRow_When_InputHoldsNaN()
    {
        PointMatrix points = SyntheticPoints.Gaussian(20, 3, seed: 1);
        points.Values[7 * 3 + 2] = float.NaN;
        var error = Assert.Throws<TwoNnDataException>(() => TwoNnAnalysis.Run(points, Search, new TwoNnOptions()));
        Assert.Contains("Row 7", error.Message);
        Assert.Contains("column 2", error.Message);
    }

    [Fact]
    public void Should_NameTheRow_When_InputHoldsInfinity()
    {
        PointMatrix points = SyntheticPoints.Gaussian(20, 3, seed: 1);
        points.Values[4 * 3] = float.NegativeInfinity;
        Assert.Contains("Row 4", Assert.Throws<TwoNnDataException>(() => TwoNnAnalysis.Run(points, Search, new TwoNnOptions())).Message);
    }

    [Fact]
    public void Should_Throw_When_FewerThanThreeDistinctPoints()
    {
        var points = new PointMatrix([1, 1, 2, 2, 1, 1, 2, 2, 1, 1], 5, 2);
        var error = Assert.Throws<TwoNnDataException>(() => TwoNnAnalysis.Run(points, Search, new TwoNnOptions()));
        Assert.Contains("at least 3 distinct points", error.Message);
    }

    [Fact]
    public void Should_CollapseAndCountDuplicates_When_RowsRepeat()
    {
        PointMatrix cloud = SyntheticPoints.Sphere(300, 3, 6, seed: 3);
        int[] rows = [.. Enumerable.Range(0, 300), 5, 5, 17, 299];
        TwoNnResult withDuplicates = TwoNnAnalysis.Run(cloud.SelectRows(rows), Search, new TwoNnOptions());
        TwoNnResult clean = TwoNnAnalysis.Run(cloud, Search, new TwoNnOptions());

        Assert.Equal(4, withDuplicates.Duplicates);
        Assert.Equal(304, withDuplicates.N);
        Assert.Equal(clean.Id, withDuplicates.Id, 12);
    }

    [Fact]
    public void Should_TreatNegativeZeroAsZero_When_CollapsingDuplicates()
    {
        var points = new PointMatrix([0f, 1f, -0f, 1f, 3f, 4f, 5f, 7f], 4, 2);
        Assert.Equal(1, DuplicateRows.Collapse(points).Duplicates);
    }

    [Fact]
    public void Should_ThrowWithReason_When_PointsFormALattice()
    {
        // A 12 × 12 grid: every point's two nearest neighbours are equidistant, μ = 1 everywhere.
        var values = new List<float>();
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++) values.AddRange([i, j]);
        var lattice = new PointMatrix(values.ToArray(), 144, 2);

        var fit = Assert.Throws<TwoNnDataException>(() => TwoNnAnalysis.Run(lattice, Search, new TwoNnOptions()));
        var mle = Assert.Throws<TwoNnDataException>(() => TwoNnAnalysis.Run(lattice, Search, new TwoNnOptions { Estimator = TwoNnEstimatorKind.Mle }));
        Assert.Contains("lattice", fit.Message);
        Assert.Contains("lattice", mle.Message);
    }

    [Fact]
    public void Should_CountTiesAndStayFinite_When_SomeNeighboursAreEquidistant()
    {
        // Random points plus a few exact "plus" shapes whose centre has r1 = r2.
        var values = SyntheticPoints.Gaussian(200, 2, seed: 9).Values.Select(v => v * 10).ToList();
        for (int k = 0; k < 5; k++)
        {
            float cx = 100 + 10 * k, cy = 100;
            values.AddRange([cx, cy, cx + 1, cy, cx - 1, cy, cx, cy + 1, cx, cy - 1]);
        }
        var points = new PointMatrix(values.ToArray(), values.Count / 2, 2);

        TwoNnResult result = TwoNnAnalysis.Run(points, Search, new TwoNnOptions());

        Assert.True(result.Ties >= 5, $"ties = {result.Ties}");
        Assert.True(double.IsFinite(result.Id));
    }

    [Fact]
    public void Should_BeInvariant_When_RotatedTranslatedOrScaled()
    {
        PointMatrix cloud = TwoNnFixture.Load("hypercube_d5_N2000_D64.npy").SelectRows(Enumerable.Range(0, 800).ToArray());
        double[] rotation = SyntheticPoints.RandomRotation(cloud.Columns, new Random(5));
        double baseline = Estimate(cloud);

        // Scaling by a power of two is exact in floating point: identical estimate.
        Assert.Equal(baseline, Estimate(new PointMatrix(cloud.Values.Select(v => v * 1024f).ToArray(), cloud.Rows, cloud.Columns)));
        // Rotation, other scales and translation round each coordinate to float32 again (relative 6e-8), which
        // moves each μ by ~1e-7 relative; the estimate moves by the same order. 1e-5 leaves a wide margin.
        Assert.Equal(baseline, Estimate(SyntheticPoints.Transform(cloud, rotation)), baseline * 1e-5);
        Assert.Equal(baseline, Estimate(SyntheticPoints.Transform(cloud, rotation, scale: 37.5)), baseline * 1e-5);
        // A translation by 8 costs ~4 bits of each coordinate in float32 (values grow from ~0.5 to ~8): 1e-4.
        Assert.Equal(baseline, Estimate(SyntheticPoints.Transform(cloud, rotation, offset: 8)), baseline * 1e-4);
    }

    [Fact]
    public void Should_GiveSameIntervalForSameSeed_When_Bootstrapping()
    {
        PointMatrix cloud = SyntheticPoints.Sphere(1000, 4, 7, seed: 11);
        var options = new TwoNnOptions { Estimator = TwoNnEstimatorKind.Mle, BootstrapCount = 400, Seed = 3 };

        TwoNnResult first = TwoNnAnalysis.Run(cloud, Search, options);
        TwoNnResult again = TwoNnAnalysis.Run(cloud, Search, options);
        TwoNnResult other = TwoNnAnalysis.Run(cloud, Search, options with { Seed = 4 });

        Assert.Equal(first.CiLow, again.CiLow);
        Assert.Equal(first.CiHigh, again.CiHigh);
        Assert.NotEqual(first.CiLow, other.CiLow);
        Assert.InRange(first.Id, first.CiLow!.Value, first.CiHigh!.Value);
        // The MLE's sampling sd is about d/√N (Fisher information 1/d²); the bootstrap sd should agree within 25%.
        Assert.InRange(first.BootstrapSd!.Value, 0.75 * first.Id / Math.Sqrt(1000), 1.25 * first.Id / Math.Sqrt(1000));
    }

    [Fact]
    public void Should_ReportEachScale_When_DecimationAsked()
    {
        PointMatrix cloud = SyntheticPoints.Sphere(800, 3, 6, seed: 12);
        TwoNnResult result = TwoNnAnalysis.Run(cloud, Search, new TwoNnOptions { DecimationRepeats = 4, DecimationMinPoints = 50 });

        Assert.Equal([400, 200, 100, 50], result.Scaling.Select(s => s.N));
        Assert.All(result.Scaling, s => Assert.Equal(4, s.Repeats));
        Assert.All(result.Scaling, s => Assert.InRange(s.Mean, 2, 4));
    }

    private static double Estimate(PointMatrix points) => TwoNnAnalysis.Run(points, Search, new TwoNnOptions()).Id;
}
