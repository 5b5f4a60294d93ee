using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

public class PerClassTwoNnTests
{
    [Fact]
    public void Should_EstimateEachClassAndThePool_When_LabelsGiven()
    {
        // Class 3: a 2-sphere; class 1: a 5-sphere (same ambient dimension); class 8: two points only.
        PointMatrix low = SyntheticPoints.Sphere(600, 2, 8, seed: 21);
        PointMatrix high = SyntheticPoints.Sphere(600, 5, 8, seed: 22);
        float[] values = [.. low.Values, .. high.Values, .. new float[8], .. Enumerable.Repeat(1f, 8)];
        var points = new PointMatrix(values, 1202, 8);
        int[] labels = [.. Enumerable.Repeat(3, 600), .. Enumerable.Repeat(1, 600), 8, 8];
        var options = new TwoNnOptions { Estimator = TwoNnEstimatorKind.Mle };

        PerClassTwoNnResult result = PerClassTwoNn.Run(points, labels, ExactNeighbourSearch.Instance, options);

        Assert.Equal([1, 3, 8], result.Classes.Select(c => c.Label));
        Assert.Equal(1202, result.All.N);
        // Tolerance 4·d/√N (MLE sd d/√N), N = 600.
        Assert.InRange(result.Classes[0].Result!.Id, 5 - 4 * 5 / Math.Sqrt(600), 5 + 4 * 5 / Math.Sqrt(600));
        Assert.InRange(result.Classes[1].Result!.Id, 2 - 4 * 2 / Math.Sqrt(600), 2 + 4 * 2 / Math.Sqrt(600));
        Assert.Null(result.Classes[2].Result);
        Assert.Contains("at least 3 distinct points", result.Classes[2].Error);
    }

    [Fact]
    public void Should_GiveSameResults_When_RunSequentiallyOrInParallel()
    {
        PointMatrix points = SyntheticPoints.Sphere(900, 3, 6, seed: 23);
        int[] labels = Enumerable.Range(0, 900).Select(i => i % 3).ToArray();
        var options = new TwoNnOptions { BootstrapCount = 50 };

        var sequential = PerClassTwoNn.Run(points, labels, ExactNeighbourSearch.Instance, options, maxDegreeOfParallelism: 1);
        var parallel = PerClassTwoNn.Run(points, labels, ExactNeighbourSearch.Instance, options);

        Assert.Equal(sequential.All.BootstrapEstimates, parallel.All.BootstrapEstimates);
        Assert.Equal(sequential.All, parallel.All with { Scaling = sequential.All.Scaling, BootstrapEstimates = sequential.All.BootstrapEstimates });
        Assert.Equal(sequential.Classes.Select(c => c.Result!.Id), parallel.Classes.Select(c => c.Result!.Id));
    }

    [Fact]
    public void Should_Throw_When_LabelCountDiffers()
    {
        PointMatrix points = SyntheticPoints.Gaussian(10, 2, seed: 1);
        Assert.Throws<ArgumentException>(() => PerClassTwoNn.Run(points, new int[9], ExactNeighbourSearch.Instance, new TwoNnOptions()));
    }
}
