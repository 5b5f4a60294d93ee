using Workflow.Core.Estimators;

namespace Workflow.Core.Tests.Estimators;

public class PcaIdTests
{
    [Fact]
    public void Should_ReproduceSkdimsLpcaTest_When_HyperBall()
    {
        // skdim/tests/test_results.py::test_lpca_results: lPCA().fit(data).dimension_ == 5 (ver "FO").
        double[] eigen = PcaId.Eigenvalues(EstimatorData.Load("hyperball_30x10.npy"), standardise: false);

        Assert.Equal(5, PcaId.FukunagaOlsen(eigen));
    }

    [Fact]
    public void Should_GiveTheKnownSpectrum_When_ColumnsAreOrthogonalWithKnownScales()
    {
        // Columns ±s_c on a Hadamard-like sign pattern (orthogonal, zero mean): the covariance is diag(s²·n/(n−1)).
        double[] s = [4, 3, 2, 1, 0.5];
        int n = 8;
        int[,] signs = { { 1, 1, 1, 1, 1, 1, 1, 1 }, { 1, -1, 1, -1, 1, -1, 1, -1 }, { 1, 1, -1, -1, 1, 1, -1, -1 },
                         { 1, -1, -1, 1, 1, -1, -1, 1 }, { 1, 1, 1, 1, -1, -1, -1, -1 }, { 1, -1, 1, -1, -1, 1, -1, 1 } };
        var values = new double[n * s.Length];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < s.Length; c++) values[i * s.Length + c] = s[c] * signs[c + 1, i];
        var x = new DoubleMatrix(values, n, s.Length);

        double[] eigen = PcaId.Eigenvalues(x, standardise: false);

        for (int c = 0; c < s.Length; c++) EstimatorData.Close(s[c] * s[c] * n / (n - 1.0), eigen[c], 1e-12, $"λ{c + 1}");
        double sum = s.Sum(v => v * v), squares = s.Sum(v => Math.Pow(v, 4));
        EstimatorData.Close(sum * sum / squares, PcaId.ParticipationRatio(eigen), 1e-12, "participation ratio");
        Assert.Equal(4, PcaId.FukunagaOlsen(eigen)); // 16, 9, 4, 1 > 0.05·16 = 0.8; 0.25 is not
        Assert.Equal(3, PcaId.ComponentsForVariance(eigen)); // (16 + 9 + 4)/30.25 = 0.959 ≥ 0.9; 25/30.25 = 0.83 is not
        Assert.Equal(5, PcaId.Estimate(x, PcaIdKind.ExplainedVariance)); // standardised: five equal variances
    }
}
