using Workflow.Core.Estimators;
using Workflow.Core.Similarity;
using Workflow.Core.Tests.Estimators;

namespace Workflow.Core.Tests.Similarity;

public class MutualKnnTests
{
    private static readonly DoubleMatrix X = EstimatorData.Load("cka_demo_x.npy");

    [Fact]
    public void Should_BeOne_When_ColumnsArePermutedSignFlippedAndScaled()
    {
        // Huh et al.'s clamp works on |x| per coordinate and the rows are normalised: permuting columns, flipping
        // signs and scaling by a constant leave every inner-product neighbour where it was.
        int n = X.Rows, p = X.Columns;
        var values = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < p; c++) values[i * p + c] = 2.5 * (c % 2 == 0 ? 1 : -1) * X.Values[i * p + (c + 3) % p];

        Assert.Equal(1.0, MutualKnn.Score(X, new DoubleMatrix(values, n, p), k: 10));
    }

    [Fact]
    public void Should_CountSharedNeighbours_When_HandWorkedExample()
    {
        // Unit vectors at angles 0°, 10°, 30°, 70° (A) and 0°, 50°, 60°, 65° (B); k = 1 nearest by cosine:
        // A: 0→1, 1→0, 2→1, 3→2; B: 0→1, 1→2, 2→3, 3→2. Shared: images 0 and 3 → 2/4 (the clamp moves no angle by
        // more than 1.2°, far less than the gaps).
        DoubleMatrix a = Circle(0, 10, 30, 70), b = Circle(0, 50, 60, 65);

        Assert.Equal(0.5, MutualKnn.Score(a, b, k: 1));
    }

    [Fact]
    public void Should_AgreeWithShuffledRows_When_ThePermutationIsAppliedToTheNeighbourLists()
    {
        DoubleMatrix y = EstimatorData.Load("cka_demo_y.npy");
        int[] permutation = Enumerable.Range(0, 100).Select(i => (i * 37 + 11) % 100).ToArray();
        var shuffled = new double[y.Values.Length];
        for (int i = 0; i < 100; i++) y.Row(permutation[i]).CopyTo(shuffled.AsSpan(i * 10, 10));

        double viaLists = MutualKnn.Overlap(MutualKnn.Neighbours(X), MutualKnn.Neighbours(y), 10, permutation);

        Assert.Equal(MutualKnn.Score(X, new DoubleMatrix(shuffled, 100, 10)), viaLists, 12);
    }

    [Fact]
    public void Should_ClampAtTheMeanRowQuantile_When_PreparingFeatures()
    {
        // Rows (1..20) and (101..120): 0.95-quantiles at position 18.05 → 19.05 and 119.05; q = 69.05, so the second row
        // is clamped to 69.05 everywhere and normalises to 1/√20 in every coordinate.
        var values = Enumerable.Range(1, 20).Concat(Enumerable.Range(101, 20)).Select(v => (double)v).ToArray();
        double[] prepared = MutualKnn.Prepare(new DoubleMatrix(values, 2, 20));

        Assert.All(prepared[20..], v => Assert.Equal(1 / Math.Sqrt(20), v, 12));
    }

    private static DoubleMatrix Circle(params double[] degrees) =>
        new(degrees.SelectMany(a => new[] { Math.Cos(a * Math.PI / 180), Math.Sin(a * Math.PI / 180) }).ToArray(), degrees.Length, 2);
}

public class MutualKnnSearchTests
{
    [Fact]
    public void Should_FindTheInnerProductNeighbours_When_UsingTheEuclideanSearch()
    {
        DoubleMatrix y = EstimatorData.Load("cka_demo_y.npy");

        int[] byInnerProduct = MutualKnn.Neighbours(y, 10);
        int[] byDistance = MutualKnn.Neighbours(y, 10, Workflow.Core.TwoNn.ExactNeighbourSearch.Instance);

        Assert.Equal(byInnerProduct, byDistance);
    }
}
