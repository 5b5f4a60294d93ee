using Workflow.Core.Data;
using Workflow.Core.Estimators;
using Workflow.Core.Similarity;
using Workflow.Core.Tests.Estimators;

namespace Workflow.Core.Tests.Similarity;

public class LinearCkaTests
{
    // Kornblith's CKA demo (google-research/google-research representation_similarity/Demo.ipynb):
    // np.random.seed(1337); X = randn(100, 10); Y = randn(100, 10) + X (design.md §10).
    private static readonly DoubleMatrix X = EstimatorData.Load("cka_demo_x.npy");
    private static readonly DoubleMatrix Y = EstimatorData.Load("cka_demo_y.npy");

    [Fact]
    public void Should_ReproduceKornblithsDemo_When_Linear()
    {
        EstimatorData.Close(0.5576132566, LinearCka.Compute(X, Y), 1e-6, "linear CKA");
    }

    [Fact]
    public void Should_ReproduceKornblithsDemo_When_Debiased()
    {
        EstimatorData.Close(0.5134564895, LinearCka.Compute(X, Y, debiased: true), 1e-6, "debiased CKA");
    }

    [Theory]
    [InlineData(false, 0.5576132566)]
    [InlineData(true, 0.5134564895)]
    public void Should_MatchTheDemo_When_ComputedFromCentredGrams(bool unbiased, double expected)
    {
        double cka = CentredGram.Cka(CentredGram.Linear(X, unbiased), CentredGram.Linear(Y, unbiased), Enumerable.Range(0, 100).ToArray());

        EstimatorData.Close(expected, cka, 1e-6, "Gram-form CKA");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_BeOne_When_YIsAnOrthogonalTransformOfX(bool debiased)
    {
        DoubleMatrix rotated = Multiply(X, RandomOrthogonal(10, seed: 5), scale: 3.7);

        EstimatorData.Close(1.0, LinearCka.Compute(X, rotated, debiased), 1e-12, "CKA(X, 3.7·XQ)");
    }

    [Fact]
    public void Should_GiveASmallP_When_YDependsOnX()
    {
        SimilarityResult result = SimilarityAnalysis.Run(X, Y, SimilarityMeasure.Cka, permutations: 199, seed: 1);

        Assert.False(result.Permutation!.Exact);
        Assert.Equal(0.005, result.Permutation.P, 12); // no shuffle reaches 0.56: (1 + 0)/(1 + 199)
    }

    [Fact]
    public void Should_EnumerateAllOrders_When_NFactorialIsWithinTheBudget()
    {
        // 5 images: 120 orders ≤ 1000 asked, so the null is exact; the identity is among them, so p ≥ 1/120.
        var x = new DoubleMatrix([1, 0, 2, 1, 3, 3, 4, 2, 5, 7], 5, 2);
        SimilarityResult result = SimilarityAnalysis.Run(x, x, SimilarityMeasure.Cka, permutations: 1000);

        Assert.True(result.Permutation!.Exact);
        Assert.Equal(120, result.Permutation.Permutations);
        Assert.Equal(1.0 / 120, result.Permutation.P, 12);
    }

    internal static DoubleMatrix Multiply(DoubleMatrix x, double[,] q, double scale)
    {
        int n = x.Rows, p = x.Columns, r = q.GetLength(1);
        var values = new double[n * r];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < r; j++)
            {
                double s = 0;
                for (int c = 0; c < p; c++) s += x.Values[i * p + c] * q[c, j];
                values[i * r + j] = scale * s;
            }
        return new DoubleMatrix(values, n, r);
    }

    /// <summary>Gram–Schmidt of a seeded Gaussian matrix.</summary>
    internal static double[,] RandomOrthogonal(int d, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var q = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            var v = new double[d];
            for (int i = 0; i < d; i++) v[i] = random.NextDouble() - 0.5;
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < d; i++) dot += v[i] * q[i, k];
                for (int i = 0; i < d; i++) v[i] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(v.Sum(e => e * e));
            for (int i = 0; i < d; i++) q[i, j] = v[i] / norm;
        }
        return q;
    }
}
