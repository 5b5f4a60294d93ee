using Workflow.Core.Estimators;

namespace Workflow.Core.Similarity;

/// <summary>
/// Mutual k-nearest-neighbour alignment of Huh, Cheung, Wang and Isola, "The platonic representation hypothesis",
/// ICML 2024, as their code computes it (<c>metrics.py</c>: <c>prepare_features</c> → <c>remove_outliers(q=0.95,
/// exact=False)</c>, <c>F.normalize</c>, <c>mutual_knn</c>): clamp every feature to ±q where q is the mean over rows of
/// each row's 0.95-quantile of |x| (linear interpolation, as <c>torch.quantile</c>), L2-normalise the rows, take each
/// image's k nearest other images by inner product (self excluded; their code fills the diagonal with −1e8), and score
/// mean over images of |N_A(i) ∩ N_B(i)| / k. Ties are broken by the smaller index (torch's argsort leaves them
/// unspecified). Their model-to-model score is the maximum over layer pairs; we keep the whole matrix.
/// </summary>
public static class MutualKnn
{
    /// <summary>Huh et al.'s default k.</summary>
    public const int DefaultK = 10;

    /// <summary>Huh et al.'s outlier quantile.</summary>
    public const double OutlierQuantile = 0.95;

    /// <summary>The alignment of A and B (same images, row by row).</summary>
    public static double Score(DoubleMatrix a, DoubleMatrix b, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows)
            throw new ArgumentException($"A has {a.Rows} rows (images) but B has {b.Rows}; mutual k-NN compares the same images row by row.", nameof(b));
        return Overlap(Neighbours(a, k), Neighbours(b, k), k, null);
    }

    /// <summary>The k nearest other rows of each prepared row by inner product, largest first (n × k, row-major).</summary>
    public static int[] Neighbours(DoubleMatrix features, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.Validated();
        int n = features.Rows, d = features.Columns;
        if (k < 1 || k > n - 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and n − 1 = {n - 1}.");
        double[] x = Prepare(features);
        var neighbours = new int[n * k];
        Parallel.For(0, n, () => new double[k], (i, _, best) =>
        {
            Span<int> index = neighbours.AsSpan(i * k, k);
            best.AsSpan().Fill(double.NegativeInfinity);
            index.Fill(int.MaxValue);
            ReadOnlySpan<double> row = x.AsSpan(i * d, d);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double s = Dot(row, x.AsSpan(j * d, d));
                int p = k - 1;
                if (!(s > best[p])) continue;
                while (p > 0 && best[p - 1] < s)
                {
                    best[p] = best[p - 1];
                    index[p] = index[p - 1];
                    p--;
                }
                best[p] = s;
                index[p] = j;
            }
            return best;
        }, _ => { });
        return neighbours;
    }

    /// <summary>
    /// The same neighbours through an exact Euclidean search (e.g. the fast Torch one): on L2-normalised rows
    /// ‖a − b‖² = 2 − 2a·b, so the nearest by distance are the largest by inner product, ties by the smaller index in
    /// both. The prepared rows are rounded to float32 for the search (the embeddings are float32 to begin with).
    /// </summary>
    public static int[] Neighbours(DoubleMatrix features, int k, Workflow.Core.TwoNn.IKNeighbourSearch search)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(search);
        features.Validated();
        double[] x = Prepare(features);
        var points = Workflow.Core.TwoNn.PointMatrix.FromDoubles(x, features.Rows, features.Columns);
        return search.FindNearest(points, k).Indices;
    }

    /// <summary>
    /// mean over i of |N_A(i) ∩ N_B'(i)| / k where B' is B with its rows permuted by <paramref name="permutation"/>
    /// (row i of B' is row π(i) of B, so N_B'(i) = π⁻¹(N_B(π(i)))); null = identity.
    /// </summary>
    public static double Overlap(int[] neighboursA, int[] neighboursB, int k, int[]? permutation)
    {
        ArgumentNullException.ThrowIfNull(neighboursA);
        ArgumentNullException.ThrowIfNull(neighboursB);
        int n = neighboursA.Length / k;
        int[]? inverse = null;
        if (permutation is not null)
        {
            inverse = new int[n];
            for (int i = 0; i < n; i++) inverse[permutation[i]] = i;
        }
        long shared = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> na = neighboursA.AsSpan(i * k, k);
            int source = permutation is null ? i : permutation[i];
            ReadOnlySpan<int> nb = neighboursB.AsSpan(source * k, k);
            foreach (int b in nb)
            {
                int mapped = inverse is null ? b : inverse[b];
                if (na.Contains(mapped)) shared++;
            }
        }
        return shared / ((double)n * k);
    }

    /// <summary>Huh et al.'s <c>remove_outliers</c> then row L2 normalisation (x / max(‖x‖, 1e-12), as <c>F.normalize</c>).</summary>
    public static double[] Prepare(DoubleMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.Rows, d = features.Columns;
        double q = 0;
        var magnitudes = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = features.Row(i);
            for (int c = 0; c < d; c++) magnitudes[c] = Math.Abs(row[c]);
            Array.Sort(magnitudes);
            q += TorchQuantile(magnitudes, OutlierQuantile);
        }
        q /= n;
        var x = new double[features.Values.Length];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c = 0; c < d; c++)
            {
                double v = Math.Clamp(features.Values[i * d + c], -q, q);
                x[i * d + c] = v;
                s += v * v;
            }
            double scale = 1 / Math.Max(Math.Sqrt(s), 1e-12);
            for (int c = 0; c < d; c++) x[i * d + c] *= scale;
        }
        return x;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int c = 0;
        double s = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && a.Length >= System.Numerics.Vector<double>.Count)
        {
            var acc = System.Numerics.Vector<double>.Zero;
            for (; c <= a.Length - System.Numerics.Vector<double>.Count; c += System.Numerics.Vector<double>.Count)
                acc += new System.Numerics.Vector<double>(a[c..]) * new System.Numerics.Vector<double>(b[c..]);
            s = System.Numerics.Vector.Sum(acc);
        }
        for (; c < a.Length; c++) s += a[c] * b[c];
        return s;
    }

    /// <summary>torch.quantile's default ("linear"): position q·(n − 1), linear interpolation between its neighbours.</summary>
    internal static double TorchQuantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1) return sorted[^1];
        double t = position - below;
        return sorted[below] + t * (sorted[below + 1] - sorted[below]);
    }
}
