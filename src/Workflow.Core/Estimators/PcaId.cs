using MathNet.Numerics.LinearAlgebra;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Estimators;

/// <summary>Which linear (PCA) dimension to report.</summary>
public enum PcaIdKind
{
    /// <summary>Ansuini et al. (NeurIPS 2019) PC-ID: standardise the columns, count components to reach 90 % of the variance.</summary>
    ExplainedVariance,

    /// <summary>scikit-dimension <c>lPCA(ver="FO")</c> (Fukunaga–Olsen): the number of eigenvalues above 0.05·λ₁.</summary>
    FukunagaOlsen,

    /// <summary>The participation ratio (Σλ)²/Σλ² (skdim <c>lPCA(ver="participation_ratio")</c>).</summary>
    ParticipationRatio,
}

/// <summary>
/// PCA-based dimensions (design.md §9) from the eigenvalues of the sample covariance, λ₁ ≥ λ₂ ≥ … (sklearn's
/// <c>PCA().explained_variance_</c>: divisor N − 1). Computed from the smaller of the D × D covariance and the N × N
/// Gram matrix of the centred data, which share their non-zero eigenvalues.
/// </summary>
public static class PcaId
{
    /// <summary>Ansuini's explained-variance threshold.</summary>
    public const double DefaultVarianceFraction = 0.9;

    /// <summary>skdim's <c>alphaFO</c>.</summary>
    public const double DefaultFukunagaOlsenAlpha = 0.05;

    /// <summary>The covariance eigenvalues in descending order (min(N, D) of them).</summary>
    /// <param name="points">Rows = points.</param>
    /// <param name="standardise">Divide each centred column by its population standard deviation first (sklearn's
    /// <c>StandardScaler</c>; a constant column is left at 0).</param>
    public static double[] Eigenvalues(DoubleMatrix points, bool standardise)
    {
        ArgumentNullException.ThrowIfNull(points);
        points.Validated();
        int n = points.Rows, d = points.Columns;
        if (n < 2) throw new TwoNnDataException($"PCA needs at least 2 points, got {n}.");
        var centred = new double[points.Values.Length];
        for (int c = 0; c < d; c++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += points.Values[i * d + c];
            mean /= n;
            double squares = 0;
            for (int i = 0; i < n; i++)
            {
                double v = points.Values[i * d + c] - mean;
                centred[i * d + c] = v;
                squares += v * v;
            }
            double scale = standardise && squares > 0 ? Math.Sqrt(squares / n) : 1;
            if (scale != 1)
                for (int i = 0; i < n; i++) centred[i * d + c] /= scale;
        }
        Matrix<double> x = Matrix<double>.Build.Dense(d, n, centred); // column-major d × n view of the row-major n × d data: x = Xcᵀ
        Matrix<double> product = d <= n ? x.TransposeAndMultiply(x) : x.TransposeThisAndMultiply(x);
        double[] eigen = product.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(z => Math.Max(0, z.Real) / (n - 1)).ToArray();
        Array.Sort(eigen);
        Array.Reverse(eigen);
        return eigen;
    }

    /// <summary>The smallest number of components whose eigenvalues reach <paramref name="fraction"/> of the total.</summary>
    public static int ComponentsForVariance(ReadOnlySpan<double> eigenvalues, double fraction = DefaultVarianceFraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Must be in (0, 1].");
        double total = 0;
        foreach (double l in eigenvalues) total += l;
        if (!(total > 0)) throw new TwoNnDataException("All points are equal (zero variance): the PCA dimension is undefined.");
        double running = 0;
        for (int i = 0; i < eigenvalues.Length; i++)
        {
            running += eigenvalues[i];
            if (running / total >= fraction) return i + 1;
        }
        return eigenvalues.Length;
    }

    /// <summary>skdim's FO: #{λ &gt; α·λ₁}.</summary>
    public static int FukunagaOlsen(ReadOnlySpan<double> eigenvalues, double alpha = DefaultFukunagaOlsenAlpha)
    {
        int count = 0;
        foreach (double l in eigenvalues)
            if (l > alpha * eigenvalues[0]) count++;
        return count;
    }

    /// <summary>(Σλ)²/Σλ².</summary>
    public static double ParticipationRatio(ReadOnlySpan<double> eigenvalues)
    {
        double sum = 0, squares = 0;
        foreach (double l in eigenvalues)
        {
            sum += l;
            squares += l * l;
        }
        if (!(squares > 0)) throw new TwoNnDataException("All points are equal (zero variance): the participation ratio is undefined.");
        return sum * sum / squares;
    }

    /// <summary>The dimension of kind <paramref name="kind"/> (Ansuini's standardises the data; the others do not, as skdim).</summary>
    public static double Estimate(DoubleMatrix points, PcaIdKind kind) => kind switch
    {
        PcaIdKind.ExplainedVariance => ComponentsForVariance(Eigenvalues(points, standardise: true)),
        PcaIdKind.FukunagaOlsen => FukunagaOlsen(Eigenvalues(points, standardise: false)),
        PcaIdKind.ParticipationRatio => ParticipationRatio(Eigenvalues(points, standardise: false)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
