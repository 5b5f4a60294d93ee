using System.Numerics;
using System.Runtime.CompilerServices;

namespace Workflow.Core.TwoNn;

/// <summary>
/// Exact brute-force search in float64 with direct differences, Σ (xᵢ − yᵢ)², O(N²·D). It is the
/// reference the fast search is tested against, and the right choice for small N (a few thousand).
/// Rows are processed in parallel.
/// </summary>
public sealed class ExactNeighbourSearch : INeighbourSearch
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

    /// <summary>Σ (xₖ − yₖ)² in float64 with direct differences (no ‖x‖²+‖y‖²−2x·y cancellation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; k <= x.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var diff = new Vector<double>(x[k..]) - new Vector<double>(y[k..]);
                acc += diff * diff;
            }
            sum = Vector.Sum(acc);
        }
        for (; k < x.Length; k++)
        {
            double diff = x[k] - y[k];
            sum += diff * diff;
        }
        return sum;
    }
}
