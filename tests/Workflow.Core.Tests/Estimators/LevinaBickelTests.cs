using Workflow.Core.Estimators;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.Estimators;

public class LevinaBickelTests
{
    // scikit-dimension skdim/tests/test_results.py::test_mle_results on hyperBall(n=30, d=5, random_state=0) padded to 10 columns.
    private static NeighbourTable Neighbours(int k)
    {
        DoubleMatrix x = EstimatorData.Load("hyperball_30x10.npy");
        return ExactNeighbourSearch.FindNearest(x.Values, x.Rows, x.Columns, k);
    }

    [Theory]
    [InlineData(20, false, MleAggregation.Harmonic, 3.341161830518472)]
    [InlineData(5, false, MleAggregation.Harmonic, 4.350132038093711)]
    [InlineData(20, true, MleAggregation.Harmonic, 3.1653112078596046)]
    [InlineData(20, false, MleAggregation.Mean, 3.4389424541367437)]
    public void Should_ReproduceSkdimsMleTest_When_HyperBall(int k, bool unbiased, MleAggregation aggregation, double expected)
    {
        LevinaBickelResult result = LevinaBickel.Estimate(Neighbours(k), k, unbiased, aggregation);

        EstimatorData.Close(expected, result.Id, 1e-6, $"MLE k={k} unbiased={unbiased} {aggregation}");
        Assert.Equal(30, result.Pointwise.Length);
    }

    [Fact]
    public void Should_LowerKToNMinusOne_When_KIsAtLeastN()
    {
        Assert.Equal(29, LevinaBickel.EffectiveK(30, 40));
    }

    [Fact]
    public void Should_SayDuplicate_When_ANeighbourDistanceIsZero()
    {
        var points = new PointMatrix([0, 0, 0, 0, 1, 0, 0, 1, 2, 2], 5, 2);
        NeighbourTable table = ExactNeighbourSearch.Instance.FindNearest(points, 3);

        var error = Assert.Throws<TwoNnDataException>(() => LevinaBickel.Estimate(table, 3));
        Assert.Contains("duplicate", error.Message);
    }
}
