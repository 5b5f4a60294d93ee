using Workflow.Core.Estimators;
using Workflow.Core.Similarity;
using Workflow.Core.TwoNn;
using Workflow.Torch.Similarity;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Similarity;

/// <summary>The one-GEMM layer × layer CKA equals the per-pair float64 reference (Kornblith's formulas in Workflow.Core).</summary>
public class LayerCkaTests
{
    [Theory]
    [InlineData(ScalarType.Float64, 1e-12)]
    [InlineData(ScalarType.Float32, 1e-5)]
    public void Should_EqualThePerPairReference_When_ThreeLayersAgainstTwo(ScalarType precision, double tolerance)
    {
        var random = new Random(3);
        PointMatrix[] a = [Random(random, 60, 7), Random(random, 60, 12), Random(random, 60, 5)];
        // B's layers depend on A's first so that the values are not all near 0.
        PointMatrix[] b = [Mix(a[0], Random(random, 60, 7)), Random(random, 60, 9)];

        LayerCkaMatrix matrix = LayerCka.Compute(a, b, precision);

        for (int l = 0; l < a.Length; l++)
            for (int m = 0; m < b.Length; m++)
            {
                DoubleMatrix x = DoubleMatrix.FromPoints(a[l]), y = DoubleMatrix.FromPoints(b[m]);
                Assert.Equal(LinearCka.Compute(x, y), matrix.Linear[l, m], tolerance);
                Assert.Equal(LinearCka.Compute(x, y, debiased: true), matrix.Debiased[l, m], tolerance);
            }
        Assert.True(matrix.Linear[0, 0] > 0.5, $"CKA of a layer with a noisy copy: {matrix.Linear[0, 0]}");
    }

    private static PointMatrix Random(Random random, int n, int p) =>
        new(Enumerable.Range(0, n * p).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(), n, p);

    private static PointMatrix Mix(PointMatrix x, PointMatrix noise) =>
        new(x.Values.Zip(noise.Values, (u, v) => u + 0.3f * v).ToArray(), x.Rows, x.Columns);
}
