using Workflow.Core.Statistics;

namespace Workflow.Core.Tests.Statistics;

public class CorrelationTests
{
    private static readonly double[] Classes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    /// <summary>Poster anchor: with n = 10, ρ = 1 − 6Σd²/990; its 0.988, 0.952, 0.939, 0.903 are Σd² = 2, 8, 10, 16.</summary>
    [Theory]
    [InlineData(new double[] { 2, 1, 3, 4, 5, 6, 7, 8, 9, 10 }, 2, 0.988)]
    [InlineData(new double[] { 2, 1, 4, 3, 6, 5, 8, 7, 9, 10 }, 8, 0.952)]
    [InlineData(new double[] { 3, 2, 1, 5, 4, 6, 7, 8, 9, 10 }, 10, 0.939)]
    [InlineData(new double[] { 3, 2, 1, 4, 5, 6, 7, 10, 9, 8 }, 16, 0.903)]
    public void Should_EqualClosedForm_When_SpearmanOnTenRanksWithoutTies(double[] ranks, int sumSquaredDifferences, double poster)
    {
        Assert.Equal(sumSquaredDifferences, Classes.Zip(ranks, (a, b) => (a - b) * (a - b)).Sum());
        CorrelationResult rho = Correlation.Spearman(Classes, ranks);
        Assert.Equal(1 - 6.0 * sumSquaredDifferences / 990, rho.Coefficient, 12);
        Assert.Equal(poster, Math.Round(rho.Coefficient, 3));
    }

    [Fact]
    public void Should_GivePEqualOneMinusR_When_TwoDegreesOfFreedom()
    {
        // x = 1,2,3,4; y = 1,3,2,4: Σdxdy = 4, Σdx² = Σdy² = 5, r = 0.8 (by hand).
        // With ν = 2, P(|T| ≥ t) = 1 − t/√(2 + t²), and t² = 2r²/(1 − r²) gives t/√(2 + t²) = |r|: p = 1 − |r| = 0.2.
        CorrelationResult r = Correlation.Pearson([1, 2, 3, 4], [1, 3, 2, 4]);
        Assert.Equal(0.8, r.Coefficient, 14);
        Assert.Equal(0.2, r.PValue, 12);
    }

    [Fact]
    public void Should_GiveCauchyP_When_OneDegreeOfFreedom()
    {
        // ν = 1 is the Cauchy law: p = 1 − (2/π)·atan|t|, and atan(r/√(1 − r²)) = asin r, so p = 1 − 2·asin|r|/π.
        double[] x = [1, 2, 3], y = [1, 3, 2.5];
        CorrelationResult r = Correlation.Pearson(x, y);
        Assert.Equal(1 - 2 * Math.Asin(Math.Abs(r.Coefficient)) / Math.PI, r.PValue, 12);
    }

    [Fact]
    public void Should_MatchTTable_When_TenDegreesOfFreedom()
    {
        // t₀.₉₇₅(10) = 2.228 (standard t table): r with t = 2.228 at n = 12 has two-sided p ≈ 0.05.
        double t = 2.228, r = t / Math.Sqrt(10 + t * t);
        Assert.Equal(0.05, Correlation.TwoSidedP(r, 12), 4);
        Assert.Equal(t, Correlation.TStatistic(r, 12), 10);
    }

    [Fact]
    public void Should_UseAverageRanks_When_ValuesTie()
    {
        Assert.Equal([1, 2.5, 2.5, 4], Ranks.Average([10, 20, 20, 30]));
        Assert.Equal([3, 1.5, 1.5, 4], Ranks.Average([5, 1, 1, 7]));
        // ρ is then Pearson on the ranks: ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5.
        Assert.Equal(4.5 / Math.Sqrt(4.5 * 5), Correlation.Spearman([10, 20, 20, 30], [1, 2, 3, 4]).Coefficient, 12);
    }

    [Fact]
    public void Should_GiveZeroP_When_PerfectCorrelation()
    {
        CorrelationResult r = Correlation.Pearson(Classes, Classes.Select(c => 3 * c + 1).ToArray());
        Assert.Equal(1.0, r.Coefficient, 14);
        Assert.Equal(0.0, r.PValue);
    }

    [Fact]
    public void Should_Throw_When_InputsAreDegenerate()
    {
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 1, 1], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, double.NaN, 3], [1, 2, 3]));
    }

    [Fact]
    public void Should_PutPearsonBelowAndSpearmanAbove_When_BuildingMatrix()
    {
        double[] a = [1, 2, 3, 4, 5], b = [1, 4, 9, 16, 25], c = [5, 3, 4, 1, 2];
        CorrelationMatrix m = CorrelationMatrix.Compute(["a", "b", "c"], [a, b, c]);

        Assert.Equal(3, m.Count);
        Assert.Equal(Correlation.Pearson(b, a).Coefficient, m.Cell(1, 0).Coefficient, 14);
        Assert.Equal(CorrelationMethod.Pearson, m.Cell(2, 1).Method);
        Assert.Equal(1.0, m.Cell(0, 1).Coefficient, 14); // Spearman of a monotone pair
        Assert.Equal(CorrelationMethod.Spearman, m.Cell(0, 2).Method);
        Assert.Equal(m.Spearman(0, 2), m.Spearman(2, 0));
        Assert.Equal(1.0, m.Cell(1, 1).Coefficient, 14);
    }
}
