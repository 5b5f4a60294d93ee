using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

public class ExactNeighbourSearchTests
{
    [Fact]
    public void Should_MatchNaiveDoubleLoop_When_RandomPoints()
    {
        PointMatrix points = SyntheticPoints.Gaussian(150, 7, seed: 31);
        NeighbourDistances nn = ExactNeighbourSearch.Instance.FindTwoNearest(points);
        for (int i = 0; i < points.Rows; i++)
        {
            var sorted = Enumerable.Range(0, points.Rows).Where(j => j != i)
                .Select(j => (d: Naive(points, i, j), j)).OrderBy(t => t.d).ThenBy(t => t.j).ToArray();
            Assert.Equal(sorted[0].j, nn.First[i]);
            Assert.Equal(sorted[1].j, nn.Second[i]);
            Assert.Equal(sorted[0].d, nn.R1[i], 12);
            Assert.Equal(sorted[1].d, nn.R2[i], 12);
        }
    }

    [Fact]
    public void Should_BreakTiesBySmallerIndex_When_NeighboursAreEquidistant()
    {
        // Point 0 at the origin; points 1..4 at distance 1; point 5 far away.
        var points = new PointMatrix([0, 0, 1, 0, 0, 1, -1, 0, 0, -1, 9, 9], 6, 2);
        NeighbourDistances nn = ExactNeighbourSearch.Instance.FindTwoNearest(points);
        Assert.Equal(1, nn.First[0]);
        Assert.Equal(2, nn.Second[0]);
        Assert.Equal(1.0, nn.R1[0]);
        Assert.Equal(1.0, nn.R2[0]);
    }

    private static double Naive(PointMatrix p, int i, int j)
    {
        double s = 0;
        for (int k = 0; k < p.Columns; k++)
        {
            double d = (double)p.Row(i)[k] - p.Row(j)[k];
            s += d * d;
        }
        return Math.Sqrt(s);
    }
}
