using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Workflow.Core.TwoNn;

/// <summary>
/// Exact brute-force search in float64 with direct differences, Σ (xᵢ − yᵢ)², O(N²·D), for two or any k
/// neighbours. It is the reference the fast search is tested against, and the right choice for small N (a few
/// thousand). Rows are processed in parallel.
/// </summary>
public sealed class ExactNeighbourSearch : IKNeighbourSearch
{
    /// <summary>A shared instance (the search holds no state).</summary>
    public static ExactNeighbourSearch Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "exact-managed";

    /// <inheritdoc />
    public NeighbourDistances FindTwoNearest(PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Rows < 3)
            throw new ArgumentException($"Need at least 3 points to find two neighbours of each, got {points.Rows}.", nameof(points));
        double[] values = Widen(points.Values);
        int n = points.Rows;
        var result = new NeighbourDistances(new double[n], new double[n], new int[n], new int[n]);
        Parallel.For(0, n, i => SearchRow(values, n, points.Columns, i, result));
        return result;
    }

    /// <summary>Exact search for the given rows only (used as the last-resort fallback of the fast search).</summary>
    /// <param name="points">All points.</param>
    /// <param name="rows">The rows whose neighbours are wanted.</param>
    /// <param name="into">Receives the answers at the rows' positions.</param>
    public static void SearchRows(PointMatrix points, IReadOnlyList<int> rows, NeighbourDistances into)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(into);
        if (rows.Count == 0) return;
        double[] values = Widen(points.Values);
        Parallel.For(0, rows.Count, r => SearchRow(values, points.Rows, points.Columns, rows[r], into));
    }

    /// <inheritdoc />
    public NeighbourTable FindNearest(PointMatrix points, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        return FindNearest(Widen(points.Values), points.Rows, points.Columns, k);
    }

    /// <summary>The <paramref name="k"/> nearest other rows of a float64 row-major matrix (no rounding to float32:
    /// the anchors' float64 test inputs give their numbers exactly).</summary>
    public static NeighbourTable FindNearest(double[] values, int rows, int columns, int k)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)rows * columns != values.LongLength)
            throw new ArgumentException($"A {rows} x {columns} matrix needs {(long)rows * columns} values, got {values.LongLength}.", nameof(values));
        RequireRank(rows, k);
        var table = new NeighbourTable(k, new double[rows * k], new int[rows * k]);
        Parallel.For(0, rows, () => new double[k], (i, _, squares) =>
        {
            SearchRow(values, rows, columns, i, squares, table);
            return squares;
        }, _ => { });
        return table;
    }

    /// <summary>Exact k-nearest search for the given rows only (the last-resort fallback of the fast search).</summary>
    /// <param name="points">All points.</param>
    /// <param name="rows">The rows whose neighbours are wanted.</param>
    /// <param name="into">Receives the answers at the rows' positions (its K is the k searched for).</param>
    public static void SearchRows(PointMatrix points, IReadOnlyList<int> rows, NeighbourTable into)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(into);
        if (rows.Count == 0) return;
        double[] values = Widen(points.Values);
        Parallel.For(0, rows.Count, () => new double[into.K], (r, _, squares) =>
        {
            SearchRow(values, points.Rows, points.Columns, rows[r], squares, into);
            return squares;
        }, _ => { });
    }

    /// <summary>Throws unless 1 ≤ k ≤ rows − 1.</summary>
    public static void RequireRank(int rows, int k)
    {
        if (k < 1 || k > rows - 1)
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"Asked for {k} neighbours of each of {rows} points; k must be between 1 and {rows - 1} (the number of other points).");
    }

    /// <summary>
    /// Inserts (s, j) into the ascending list (values, indices) of length k if it beats the last entry; equal values
    /// keep their order of arrival, so scanning j in increasing order breaks ties by the smaller index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Insert(Span<double> values, Span<int> indices, double s, int j)
    {
        int p = values.Length - 1;
        if (!(s < values[p])) return;
        while (p > 0 && values[p - 1] > s)
        {
            values[p] = values[p - 1];
            indices[p] = indices[p - 1];
            p--;
        }
        values[p] = s;
        indices[p] = j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SearchRow(double[] values, int n, int d, int i, double[] squares, NeighbourTable into)
    {
        int k = into.K;
        ReadOnlySpan<double> x = values.AsSpan(i * d, d);
        Span<double> best = squares.AsSpan(0, k);
        Span<int> index = into.Indices.AsSpan(i * k, k);
        best.Fill(double.PositiveInfinity);
        index.Fill(-1);
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            Insert(best, index, SquaredDistance(x, values.AsSpan(j * d, d)), j);
        }
        Span<double> target = into.Distances.AsSpan(i * k, k);
        for (int r = 0; r < k; r++) target[r] = Math.Sqrt(best[r]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Widen(float[] values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SearchRow(double[] values, int n, int d, int i, NeighbourDistances into)
    {
        ReadOnlySpan<double> x = values.AsSpan(i * d, d);
        double best1 = double.PositiveInfinity, best2 = double.PositiveInfinity;
        int index1 = -1, index2 = -1;
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            double s = SquaredDistance(x, values.AsSpan(j * d, d));
            // Strict '<' keeps the smaller index on ties, since j increases.
            if (s < best1)
            {
                best2 = best1; index2 = index1;
                best1 = s; index1 = j;
            }
            else if (s < best2)
            {
                best2 = s; index2 = j;
            }
        }
        into.R1[i] = Math.Sqrt(best1);
        into.R2[i] = Math.Sqrt(best2);
        into.First[i] = index1;
        into.Second[i] = index2;
    }

    /// <summary>
    /// <see cref="SquaredDistance(ReadOnlySpan{double}, ReadOnlySpan{double})"/> of <paramref name="x"/> and the float32
    /// row <paramref name="y"/> widened to float64 on the fly: the same lanes, differences and order, so the same bits as
    /// widening <paramref name="y"/> into a buffer first (float → double is exact) — without the second pass over memory
    /// (the k-NN refinement's inner loop, docs/benchmarks.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<float> y)
    {
        if (y.Length != x.Length) throw new ArgumentException($"Lengths differ: {x.Length} and {y.Length}.", nameof(y));
        int k = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; k <= x.Length - 8; k += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(y.Slice(k, 8)));
                var d0 = Vector256.Create(x.Slice(k, 4)) - low;
                acc += d0 * d0;
                var d1 = Vector256.Create(x.Slice(k + 4, 4)) - high;
                acc += d1 * d1;
            }
            s0 = acc.GetElement(0);
            s1 = acc.GetElement(1);
            s2 = acc.GetElement(2);
            s3 = acc.GetElement(3);
        }
        return FinishLanes(x, y, k, s0, s1, s2, s3);
    }

    /// <summary>
    /// Σ (xₖ − yₖ)² in float64 with direct differences (no ‖x‖²+‖y‖²−2x·y cancellation), summed in four fixed lanes
    /// (lane j takes k ≡ j mod 4, then (l₀ + l₁) + (l₂ + l₃), then the tail in order): the same bits on every machine.
    /// Not <c>Vector&lt;double&gt;</c>, whose width (2, 4 or 8 lanes by CPU and DOTNET_MaxVectorTBitWidth) reorders the sum:
    /// measured, it changed TwoNN's id in the last bits (docs/numerics.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; k <= x.Length - 4; k += 4)
            {
                var diff = Vector256.Create(x.Slice(k, 4)) - Vector256.Create(y.Slice(k, 4));
                acc += diff * diff; // no fused multiply-add: the JIT never contracts, so this equals FinishLanes' scalar lanes
            }
            s0 = acc.GetElement(0);
            s1 = acc.GetElement(1);
            s2 = acc.GetElement(2);
            s3 = acc.GetElement(3);
        }
        return FinishLanes(x, y, k, s0, s1, s2, s3);
    }

    /// <summary>
    /// What both overloads share after their vector loop: the four scalar lanes from <paramref name="k"/> on (all of the
    /// work without Vector256; a last block of four after the float32 overload's 8-wide loop, lane for lane what the vector
    /// would add), then (l₀ + l₁) + (l₂ + l₃) and the tail in order. float → double is exact, so either element type gives
    /// the bits of widening first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FinishLanes<T>(ReadOnlySpan<double> x, ReadOnlySpan<T> y, int k, double s0, double s1, double s2, double s3)
        where T : System.Numerics.INumberBase<T>
    {
        for (; k <= x.Length - 4; k += 4)
        {
            double d0 = x[k] - double.CreateTruncating(y[k]), d1 = x[k + 1] - double.CreateTruncating(y[k + 1]);
            double d2 = x[k + 2] - double.CreateTruncating(y[k + 2]), d3 = x[k + 3] - double.CreateTruncating(y[k + 3]);
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        double sum = (s0 + s1) + (s2 + s3);
        for (; k < x.Length; k++)
        {
            double diff = x[k] - double.CreateTruncating(y[k]);
            sum += diff * diff;
        }
        return sum;
    }
}
