using Workflow.Core.Estimators;

namespace Workflow.Core.Similarity;

/// <summary>
/// Kornblith's <c>center_gram</c> of the linear kernel K = X Xᵀ (n × n, float64, row-major): biased centring H K H, or
/// with <paramref name="Unbiased"/> the U-statistic form of Székely and Rizzo (2014) that Kornblith's code uses (diagonal
/// zeroed, means over n − 2). Permuting the rows of X permutes K̃'s rows and columns the same way, so a permutation null
/// of CKA needs only ⟨K̃, P L̃ Pᵀ⟩, O(n²) per permutation (<see cref="SimilarityPermutation"/>).
/// </summary>
/// <param name="Values">K̃, row-major n × n.</param>
/// <param name="N">n.</param>
/// <param name="Unbiased">Whether the unbiased centring was used.</param>
public sealed record CentredGram(double[] Values, int N, bool Unbiased)
{
    /// <summary>The centred linear Gram matrix of <paramref name="x"/>.</summary>
    public static CentredGram Linear(DoubleMatrix x, bool unbiased)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.Validated();
        int n = x.Rows, p = x.Columns;
        if (unbiased && n < 4) throw new ArgumentException($"The unbiased centring needs at least 4 images, got {n}.", nameof(x));
        var gram = new double[(long)n * n];
        Parallel.For(0, n, i =>
        {
            ReadOnlySpan<double> a = x.Row(i);
            for (int j = 0; j <= i; j++)
            {
                ReadOnlySpan<double> b = x.Row(j);
                double s = 0;
                for (int c = 0; c < p; c++) s += a[c] * b[c];
                gram[(long)i * n + j] = s;
                gram[(long)j * n + i] = s;
            }
        });
        var means = new double[n];
        if (unbiased)
        {
            for (int i = 0; i < n; i++) gram[(long)i * n + i] = 0;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += gram[(long)i * n + j];
                means[j] = s / (n - 2);
            }
            double total = means.Sum() / (2.0 * (n - 1));
            for (int j = 0; j < n; j++) means[j] -= total;
        }
        else
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += gram[(long)i * n + j];
                means[j] = s / n;
            }
            double total = means.Average() / 2;
            for (int j = 0; j < n; j++) means[j] -= total;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) gram[(long)i * n + j] -= means[i] + means[j];
        if (unbiased)
            for (int i = 0; i < n; i++) gram[(long)i * n + i] = 0;
        return new CentredGram(gram, n, unbiased);
    }

    /// <summary>‖K̃‖_F.</summary>
    public double Norm()
    {
        double s = 0;
        foreach (double v in Values) s += v * v;
        return Math.Sqrt(s);
    }

    /// <summary>⟨K̃, P L̃ Pᵀ⟩ = Σᵢⱼ K̃ᵢⱼ L̃_{π(i)π(j)}, the (scaled) HSIC with the rows of the other representation permuted by π.</summary>
    public double Dot(CentredGram other, ReadOnlySpan<int> permutation)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.N != N || permutation.Length != N) throw new ArgumentException("Both Gram matrices and the permutation must have the same n.");
        double s = 0;
        for (int i = 0; i < N; i++)
        {
            long rowK = (long)i * N, rowL = (long)permutation[i] * N;
            for (int j = 0; j < N; j++) s += Values[rowK + j] * other.Values[rowL + permutation[j]];
        }
        return s;
    }

    /// <summary>Kornblith's <c>cka(gram_x, gram_y)</c> with the rows of Y permuted by π (identity for the statistic itself).</summary>
    public static double Cka(CentredGram x, CentredGram y, ReadOnlySpan<int> permutation) =>
        x.Dot(y, permutation) / (x.Norm() * y.Norm());
}
