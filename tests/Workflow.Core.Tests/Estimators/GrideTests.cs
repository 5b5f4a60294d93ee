using Workflow.Core.Data;
using Workflow.Core.Estimators;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.Estimators;

public class GrideTests
{
    // DADApy tests/test_id_estimation/test_gride.py on tests/2gaussians_in_2d.npy (design.md §9): ids, errors, and
    // the scales of its earlier version (8 digits; the sixth scale only to DADApy's 4).
    private static readonly double[] DadapyIds = [2.000755282, 2.0321370961, 1.9118332736, 2.0005572597, 1.6747241965, 0.7208205645];
    private static readonly double[] DadapySigmas = [0.2000755282, 0.1466429468, 0.0976677214, 0.0722390334, 0.0427582264, 0.0130141576];
    private static readonly double[] DadapyScales = [0.39476585, 0.56740507, 0.80139545, 1.13457408, 1.64776878, 3.5726];

    [Fact]
    public void Should_ReproduceDadapysGrideTest_When_TwoGaussiansIn2d()
    {
        DoubleMatrix x = EstimatorData.Load("2gaussians_in_2d.npy");
        NeighbourTable neighbours = ExactNeighbourSearch.FindNearest(x.Values, x.Rows, x.Columns, 64);

        IReadOnlyList<GrideScale> scales = Gride.Scaling(neighbours);

        Assert.Equal([1, 2, 4, 8, 16, 32], scales.Select(s => s.N1));
        Assert.Equal([2, 4, 8, 16, 32, 64], scales.Select(s => s.N2));
        for (int i = 0; i < 6; i++)
        {
            EstimatorData.Close(DadapyIds[i], scales[i].Id, 1e-6, $"id at scale {i}");
            EstimatorData.Close(DadapySigmas[i], scales[i].Sigma, 1e-6, $"sigma at scale {i}");
            EstimatorData.Close(DadapyScales[i], scales[i].Scale, i < 5 ? 1e-6 : 2e-5, $"scale {i}");
        }
    }

    [Fact]
    public void Should_EqualTheTwoNnMle_When_Ranks1And2()
    {
        // Closed form: at (1, 2) the likelihood is TwoNN's, maximised at (N − 1)/Σ log μ (exact when no μ is filtered).
        double[] mu = ParetoRatios(2000, d: 4, n1: 1, n2: 2, seed: 3);

        GrideScale estimate = Gride.Estimate(mu, 1, 2);

        Assert.Equal(2000, estimate.NUsed);
        EstimatorData.Close(1999 / mu.Sum(Math.Log), estimate.Id, 1e-6, "GRIDE(1,2) vs (N-1)/sum log mu");
    }

    [Theory]
    [InlineData(1, 2, 3.0)]
    [InlineData(4, 8, 6.0)]
    [InlineData(16, 32, 10.0)]
    public void Should_RecoverTheDimension_When_RatiosFollowGridesLaw(int n1, int n2, double d)
    {
        // (r_n1/r_n2)^d ~ Beta(n1, n2 − n1) for a Poisson process in d dimensions (Denti et al. 2022, eq. 4):
        // μ = B^(−1/d), drawn exactly. The MLE is within a few σ of d.
        double[] mu = ParetoRatios(20000, d, n1, n2, seed: 7);

        GrideScale estimate = Gride.Estimate(mu, n1, n2);

        Assert.True(Math.Abs(estimate.Id!.Value - d) < 4 * estimate.Sigma!.Value,
            $"d = {d}: estimate {estimate.Id} ± {estimate.Sigma}");
    }

    [Fact]
    public void Should_SayWhy_When_TheLatticeGivesNoMaximum()
    {
        // A 12 × 12 grid: every point's first two neighbours are equidistant, μ = 1, where DADApy returns ≈0.001.
        var grid = new float[144 * 2];
        for (int i = 0; i < 144; i++) { grid[2 * i] = i % 12; grid[2 * i + 1] = i / 12; }
        var data = new IdEstimation(new PointMatrix(grid, 144, 2), ExactNeighbourSearch.Instance);

        GrideScale scale = data.Gride(1, 2);

        Assert.Null(scale.Id);
        Assert.Contains("no maximum", scale.Problem);
        Assert.Contains("lattice", scale.Problem);
    }

    [Fact]
    public void Should_CollapseDuplicatesFirst_When_ManyPointsAreRepeated()
    {
        // 4-d cube, 10 % of the rows repeated: DADApy's path (clamped zero distances) collapses GRIDE (1, 2); ours
        // applies TwoNN's duplicate policy and stays near 4.
        PointMatrix cloud = Workflow.Core.Tests.TwoNn.SyntheticPoints.Hypercube(2000, 4, 4, seed: 11);
        var rows = Enumerable.Range(0, 2000).Concat(Enumerable.Range(0, 200)).ToArray();
        PointMatrix withDuplicates = cloud.SelectRows(rows);
        NeighbourTable raw = ExactNeighbourSearch.Instance.FindNearest(withDuplicates, 2);

        GrideScale dadapyLike = Gride.Estimate(raw, 1, 2);
        var data = new IdEstimation(withDuplicates, ExactNeighbourSearch.Instance);
        GrideScale ours = data.Gride(1, 2);

        Assert.Equal(200, data.Duplicates);
        Assert.True(dadapyLike.Id < 1, $"without the policy: {dadapyLike.Id}");
        Assert.InRange(ours.Id!.Value, 3.5, 4.5);
    }

    /// <summary>μ = B^(−1/d), B ~ Beta(n1, n2 − n1) as the n1-th smallest of n2 − 1 uniforms.</summary>
    internal static double[] ParetoRatios(int count, double d, int n1, int n2, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var mu = new double[count];
        var u = new double[n2 - 1];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < u.Length; j++) u[j] = random.NextDouble();
            Array.Sort(u);
            mu[i] = Math.Pow(u[n1 - 1], -1 / d);
        }
        return mu;
    }
}
