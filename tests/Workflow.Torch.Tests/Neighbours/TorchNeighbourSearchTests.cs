using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Neighbours;

/// <summary>
/// The TorchSharp search must equal the float64 brute force exactly: same neighbour indices (ties by the smaller
/// index) and distances to 1e-9 relative, on random and adversarial data.
/// </summary>
public class TorchNeighbourSearchTests
{
    private const double Relative = 1e-9;

    [Fact]
    public void Should_EqualBruteForce_When_RandomPoints()
    {
        PointMatrix points = Gaussian(700, 40, seed: 1);
        AssertSame(points, new TorchNeighbourSearch(CPU));
    }

    [Fact]
    public void Should_EqualBruteForce_When_ManySmallBlocks()
    {
        // blockElements = 1024 forces 32-row blocks: many symmetric block pairs and merges.
        PointMatrix points = Gaussian(333, 12, seed: 2);
        AssertSame(points, new TorchNeighbourSearch(CPU, candidates: 5, blockElements: 1024));
    }

    [Fact]
    public void Should_EqualBruteForce_When_SeveralBlocksShareABatch()
    {
        // 1299 rows: 512-row blocks (widths 512, 512, 275: a ragged tail for the 8-lane scans), all products of a block
        // row held and selected in one pass, rows and columns.
        PointMatrix points = Gaussian(1299, 24, seed: 5);
        AssertSame(points, new TorchNeighbourSearch(CPU));
    }

    [Fact]
    public void Should_EqualBruteForce_When_ABlockRowSpansSeveralBatches()
    {
        // 9000 rows: 900-row blocks, a block row of up to 8.1 M products, selected in batches of at most 2²² (4 blocks).
        PointMatrix points = Gaussian(9000, 3, seed: 6);
        AssertSame(points, new TorchNeighbourSearch(CPU));
    }

    [Fact]
    public void Should_EqualBruteForce_When_NearDuplicates()
    {
        // 300 points, and 150 copies of them moved by ~1e-6 relative: the GEMM identity cannot resolve these.
        PointMatrix basis = Gaussian(300, 30, seed: 3);
        var random = new Random(4);
        var values = basis.Values.ToList();
        for (int i = 0; i < 150; i++)
            values.AddRange(basis.Row(i).ToArray().Select(v => v + (float)(1e-6 * (random.NextDouble() - 0.5))));
        AssertSame(new PointMatrix(values.ToArray(), 450, 30), new TorchNeighbourSearch(CPU));
    }

    [Fact]
    public void Should_EqualBruteForce_When_OffsetBy1e4()
    {
        PointMatrix points = Gaussian(500, 20, seed: 5, offset: 1e4);
        AssertSame(points, new TorchNeighbourSearch(CPU));
    }

    [Fact]
    public void Should_FallBackAndStayExact_When_TightClusterFarFromTheRest()
    {
        // A cluster of spread 1e-3 at distance 1e4 from a unit Gaussian cloud: in float32 the error bound
        // (∝ ‖x‖²) dwarfs the cluster's distances, so its rows must go to the float64 stage (or brute force).
        PointMatrix cloud = Gaussian(300, 16, seed: 6);
        PointMatrix cluster = Gaussian(100, 16, seed: 7);
        float[] values = [.. cloud.Values, .. cluster.Values.Select(v => 1e4f + 1e-3f * v)];
        var points = new PointMatrix(values, 400, 16);
        var search = new TorchNeighbourSearch(CPU);

        var (_, statistics) = search.Search(points);

        Assert.True(statistics.Float64Rows >= 100, $"float64 rows: {statistics.Float64Rows}");
        AssertSame(points, search);
    }

    [Fact]
    public void Should_BreakTiesBySmallerIndex_When_NeighboursAreEquidistant()
    {
        var points = new PointMatrix([9, 9, 0, 0, 1, 0, 0, 1, -1, 0, 0, -1], 6, 2);
        NeighbourDistances nn = new TorchNeighbourSearch(CPU).FindTwoNearest(points);
        Assert.Equal(2, nn.First[1]);
        Assert.Equal(3, nn.Second[1]);
    }

    [Fact]
    public void Should_ReproduceFixtureEstimate_When_UsedByTwoNnAnalysis()
    {
        // The estimate through the fast search equals the exact-search estimate bit for bit (same r1, r2 order).
        PointMatrix points = Gaussian(800, 64, seed: 8);
        var options = new TwoNnOptions();
        double fast = TwoNnAnalysis.Run(points, new TorchNeighbourSearch(CPU), options).Id;
        double exact = TwoNnAnalysis.Run(points, ExactNeighbourSearch.Instance, options).Id;
        Assert.Equal(exact, fast, exact * 1e-12);
    }

    private static void AssertSame(PointMatrix points, TorchNeighbourSearch search)
    {
        NeighbourDistances expected = ExactNeighbourSearch.Instance.FindTwoNearest(points);
        NeighbourDistances actual = search.FindTwoNearest(points);
        Assert.Equal(expected.First, actual.First);
        Assert.Equal(expected.Second, actual.Second);
        for (int i = 0; i < points.Rows; i++)
        {
            Assert.True(Math.Abs(actual.R1[i] - expected.R1[i]) <= Relative * expected.R1[i], $"r1 of row {i}: {actual.R1[i]:R} vs {expected.R1[i]:R}");
            Assert.True(Math.Abs(actual.R2[i] - expected.R2[i]) <= Relative * expected.R2[i], $"r2 of row {i}: {actual.R2[i]:R} vs {expected.R2[i]:R}");
        }
    }

    private static PointMatrix Gaussian(int n, int d, int seed, double offset = 0)
    {
        var random = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(offset + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return new PointMatrix(values, n, d);
    }
}
