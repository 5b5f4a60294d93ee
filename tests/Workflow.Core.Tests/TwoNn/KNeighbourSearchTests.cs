using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

public class KNeighbourSearchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Should_EqualAFullSort_When_FindingKNearest(int k)
    {
        PointMatrix points = SyntheticPoints.Gaussian(150, 6, seed: 3);

        NeighbourTable table = ExactNeighbourSearch.Instance.FindNearest(points, k);

        for (int i = 0; i < points.Rows; i++)
        {
            // Independent reference: every other point, sorted by (float64 squared distance, index).
            var expected = Enumerable.Range(0, points.Rows).Where(j => j != i)
                .Select(j => (j, d: SquaredDistance(points.Row(i), points.Row(j))))
                .OrderBy(t => t.d).ThenBy(t => t.j).Take(k).ToArray();
            Assert.Equal(expected.Select(t => t.j), table.RowIndices(i).ToArray());
            for (int r = 0; r < k; r++) Assert.Equal(Math.Sqrt(expected[r].d), table.Distance(i, r + 1), 1e-13 * Math.Sqrt(expected[r].d));
        }
    }

    [Fact]
    public void Should_BreakTiesBySmallerIndex_When_DistancesAreEqual()
    {
        // Point 0 at the origin, 1..4 at distance 1 (axis points), 5 at distance 2.
        var points = new PointMatrix([0, 0, 1, 0, 0, 1, -1, 0, 0, -1, 2, 0], 6, 2);

        NeighbourTable table = ExactNeighbourSearch.Instance.FindNearest(points, 5);

        Assert.Equal([1, 2, 3, 4, 5], table.RowIndices(0).ToArray());
    }

    [Fact]
    public void Should_Refuse_When_KIsNotBelowTheNumberOfPoints()
    {
        var points = SyntheticPoints.Gaussian(5, 2, seed: 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ExactNeighbourSearch.Instance.FindNearest(points, 5));
        Assert.Contains("between 1 and 4", error.Message);
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++) s += ((double)a[c] - b[c]) * ((double)a[c] - b[c]);
        return s;
    }
}
