using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Neighbours;

/// <summary>
/// The k-nearest search for k up to 64 (GRIDE, the MLE, mutual k-NN) must equal the float64 brute force exactly:
/// the same neighbours in the same order (ties by the smaller index) and distances to 1e-9 relative.
/// </summary>
public class TorchKNeighbourSearchTests
{
    private const double Relative = 1e-9;

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(64)]
    public void Should_EqualBruteForce_When_RandomPoints(int k)
    {
        AssertSame(Gaussian(900, 48, seed: 1), new TorchNeighbourSearch(CPU), k);
    }

    [Fact]
    public void Should_EqualBruteForce_When_ManySmallBlocksAndK64()
    {
        AssertSame(Gaussian(400, 12, seed: 2), new TorchNeighbourSearch(CPU, candidates: 5, blockElements: 1024), 64);
    }

    [Fact]
    public void Should_EqualBruteForce_When_NearDuplicatesAndK32()
    {
        // 300 points and 200 copies moved by ~1e-6: many rows' 32 nearest hide below the float32 bound.
        PointMatrix basis = Gaussian(300, 30, seed: 3);
        var random = new Random(4);
        var values = basis.Values.ToList();
        for (int i = 0; i < 200; i++)
            values.AddRange(basis.Row(i).ToArray().Select(v => v + (float)(1e-6 * (random.NextDouble() - 0.5))));
        AssertSame(new PointMatrix(values.ToArray(), 500, 30), new TorchNeighbourSearch(CPU), 32);
    }

    [Fact]
    public void Should_FallBackAndStayExact_When_TightClusterAndK64()
    {
        PointMatrix cloud = Gaussian(300, 16, seed: 6);
        PointMatrix cluster = Gaussian(100, 16, seed: 7);
        float[] values = [.. cloud.Values, .. cluster.Values.Select(v => 1e4f + 1e-3f * v)];
        var points = new PointMatrix(values, 400, 16);
        var search = new TorchNeighbourSearch(CPU);

        var (_, statistics) = search.SearchNearest(points, 64);

        Assert.True(statistics.Float64Rows >= 100, $"float64 rows: {statistics.Float64Rows}");
        AssertSame(points, search, 64);
    }

    [Fact]
    public void Should_EqualBruteForce_When_KIsNMinusOne()
    {
        AssertSame(Gaussian(40, 5, seed: 9), new TorchNeighbourSearch(CPU), 39);
    }

    [Fact]
    public void Should_BreakTiesBySmallerIndex_When_FourNeighboursAreEquidistant()
    {
        var points = new PointMatrix([9, 9, 0, 0, 1, 0, 0, 1, -1, 0, 0, -1], 6, 2);

        NeighbourTable table = new TorchNeighbourSearch(CPU).FindNearest(points, 4);

        Assert.Equal([2, 3, 4, 5], table.RowIndices(1).ToArray());
    }

    private static void AssertSame(PointMatrix points, TorchNeighbourSearch search, int k)
    {
        NeighbourTable expected = ExactNeighbourSearch.Instance.FindNearest(points, k);
        NeighbourTable actual = search.FindNearest(points, k);
        Assert.Equal(expected.Indices, actual.Indices);
        for (int c = 0; c < expected.Distances.Length; c++)
            Assert.True(Math.Abs(actual.Distances[c] - expected.Distances[c]) <= Relative * expected.Distances[c],
                $"entry {c}: {actual.Distances[c]:R} vs {expected.Distances[c]:R}");
    }

    private static PointMatrix Gaussian(int n, int d, int seed)
    {
        var random = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return new PointMatrix(values, n, d);
    }
}
