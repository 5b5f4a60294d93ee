using MathNet.Numerics.LinearAlgebra;
using Workflow.Core.Estimators;

namespace Workflow.Core.Similarity;

/// <summary>
/// Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton, "Similarity of neural network representations
/// revisited", ICML 2019) between X (n × p) and Y (n × q), rows = the same n images, in float64 and in the feature-space
/// form of Kornblith's reference code (<c>feature_space_linear_cka</c>): columns centred,
/// CKA = ‖Ycᵀ Xc‖²_F / (‖Xcᵀ Xc‖_F ‖Ycᵀ Yc‖_F). The debiased form replaces each HSIC by the unbiased estimator of
/// Song et al. (2012) (Kornblith's <c>_debiased_dot_product_similarity_helper</c>, equal to
/// <c>center_gram(unbiased=True)</c>). Costs n·(p² + q² + p·q) multiply-adds; the many-layer version is in
/// Workflow.Torch (<c>LayerCka</c>).
/// </summary>
public static class LinearCka
{
    /// <summary>CKA(X, Y); <paramref name="debiased"/> selects the unbiased HSIC (needs n ≥ 4).</summary>
    public static double Compute(DoubleMatrix x, DoubleMatrix y, bool debiased = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        x.Validated();
        y.Validated();
        if (x.Rows != y.Rows)
            throw new ArgumentException($"X has {x.Rows} rows (images) but Y has {y.Rows}; CKA compares the same images in two representations, row by row.", nameof(y));
        int n = x.Rows;
        if (n < (debiased ? 4 : 2)) throw new ArgumentException($"CKA needs at least {(debiased ? 4 : 2)} images, got {n}.", nameof(x));
        Matrix<double> xt = CentredTransposed(x, out double[] rowsX), yt = CentredTransposed(y, out double[] rowsY);
        double xty = SquaredFrobenius(xt.TransposeAndMultiply(yt));
        double xtx = SquaredFrobenius(xt.TransposeAndMultiply(xt));
        double yty = SquaredFrobenius(yt.TransposeAndMultiply(yt));
        if (!debiased) return xty / (Math.Sqrt(xtx) * Math.Sqrt(yty));
        double normX = rowsX.Sum(), normY = rowsY.Sum();
        double numerator = DebiasedDot(xty, rowsX, rowsY, normX, normY, n);
        double denominatorX = Math.Sqrt(DebiasedDot(xtx, rowsX, rowsX, normX, normX, n));
        double denominatorY = Math.Sqrt(DebiasedDot(yty, rowsY, rowsY, normY, normY, n));
        return numerator / (denominatorX * denominatorY);
    }

    /// <summary>Kornblith's <c>_debiased_dot_product_similarity_helper</c>: xty − n/(n−2)·⟨sx, sy⟩ + ‖X‖²‖Y‖²/((n−1)(n−2)).</summary>
    public static double DebiasedDot(double xty, double[] sumSquaredRowsX, double[] sumSquaredRowsY, double squaredNormX, double squaredNormY, int n)
    {
        double dot = 0;
        for (int i = 0; i < n; i++) dot += sumSquaredRowsX[i] * sumSquaredRowsY[i];
        return xty - n / (n - 2.0) * dot + squaredNormX * squaredNormY / ((n - 1.0) * (n - 2.0));
    }

    /// <summary>Xcᵀ as a p × n MathNet matrix (column-major storage of the row-major centred data) and the rows' squared norms.</summary>
    private static Matrix<double> CentredTransposed(DoubleMatrix m, out double[] squaredRows)
    {
        int n = m.Rows, p = m.Columns;
        var mean = new double[p];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < p; c++) mean[c] += m.Values[i * p + c];
        for (int c = 0; c < p; c++) mean[c] /= n;
        var centred = new double[m.Values.Length];
        squaredRows = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c = 0; c < p; c++)
            {
                double v = m.Values[i * p + c] - mean[c];
                centred[i * p + c] = v;
                s += v * v;
            }
            squaredRows[i] = s;
        }
        return Matrix<double>.Build.Dense(p, n, centred);
    }

    private static double SquaredFrobenius(Matrix<double> m)
    {
        double s = 0;
        foreach (double v in m.AsColumnMajorArray() ?? m.ToColumnMajorArray()) s += v * v;
        return s;
    }
}
