using Workflow.Core.Similarity;
using Workflow.Core.Statistics;

namespace Workflow.Core.Tests.Similarity;

public class PermutationTestTests
{
    [Fact]
    public void Should_GiveOneOverNFactorial_When_OnlyTheIdentityIsExtreme()
    {
        // T = number of fixed points; only the identity has all 4: p = 1/24 exactly.
        PermutationResult result = PermutationTest.PValue(4, FixedPoints, 4, permutations: 100, seed: 1);

        Assert.True(result.Exact);
        Assert.Equal(24, result.Permutations);
        Assert.Equal(1.0 / 24, result.P, 15);
    }

    [Fact]
    public void Should_CountDerangementsExactly_When_EnumeratingAllOrders()
    {
        // P(at least one fixed point) over the 5! orders = 1 − D₅/5! = 1 − 44/120.
        PermutationResult result = PermutationTest.PValue(5, FixedPoints, 1, permutations: 120, seed: 1);

        Assert.Equal(1 - 44.0 / 120, result.P, 15);
    }

    [Fact]
    public void Should_ApproachTheExactP_When_MonteCarlo()
    {
        // 9! = 362 880 > 20 000: Monte Carlo; P(≥ 1 fixed point) → 1 − 1/e (to 0.632); a 4σ band for B = 20 000.
        PermutationResult result = PermutationTest.PValue(9, FixedPoints, 1, permutations: 20000, seed: 7);

        Assert.False(result.Exact);
        double exact = 1 - 133496.0 / 362880, sigma = Math.Sqrt(exact * (1 - exact) / 20000);
        Assert.InRange(result.P, exact - 4 * sigma, exact + 4 * sigma);
    }

    [Fact]
    public void Should_GiveExactPermutationPAndAnInterval_When_CorrelatingFewClasses()
    {
        // Perfectly monotone 5 classes: |ρ| = 1 is reached by the identity and the reversal only: p = 2/120.
        double[] x = [1, 2, 3, 4, 5], y = [2, 4, 5, 9, 10];
        double[][] resampled = [[1.1, 2, 3, 4, 5], [1, 2.2, 2.9, 4.1, 5], [0.9, 2.1, 3.2, 3.9, 5.2]];

        var results = CorrelationSignificance.Analyse(x, y, resampled, permutations: 1000);

        CorrelationSignificanceResult spearman = results.Single(r => r.Method == CorrelationMethod.Spearman);
        Assert.True(spearman.Exact);
        Assert.Equal(2.0 / 120, spearman.PermutationP, 12);
        Assert.Equal(1.0, spearman.Low!.Value, 12);
        Assert.Equal(1.0, spearman.High!.Value, 12);
    }

    private static double FixedPoints(int[] permutation)
    {
        int count = 0;
        for (int i = 0; i < permutation.Length; i++)
            if (permutation[i] == i) count++;
        return count;
    }
}
