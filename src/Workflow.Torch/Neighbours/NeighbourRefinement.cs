using System.Runtime.CompilerServices;
using Workflow.Core.TwoNn;

namespace Workflow.Torch.Neighbours;

/// <summary>
/// Turns approximate candidates into exact answers for any k. Let c̃ⱼ be the computed squared distance from row i to
/// j and E a bound on |c̃ⱼ − dⱼ²| (see <see cref="GemmErrorBound"/>). The k computed best have true values within E of
/// theirs, so at least k points have d² ≤ c̃₍ₖ₎ + E, and the true k-th smallest d² is at most c̃₍ₖ₎ + E. Every j that
/// can be among the true k nearest (ties included) has dⱼ² ≤ c̃₍ₖ₎ + E, hence c̃ⱼ ≤ c̃₍ₖ₎ + 2E = T. The candidates are
/// the K &gt; k smallest c̃; if the K-th exceeds T, every such j is among them: recomputing those with c̃ ≤ T exactly
/// (float64, direct differences) and keeping the best k (ties → smaller index) gives exactly the float64 brute-force
/// answer. Otherwise the row is "unresolved". (k = 2 is TwoNN's case; docs/twonn.md has the proof.)
/// </summary>
internal static class NeighbourRefinement
{
    /// <summary>
    /// Refines the given <paramref name="queryRows"/> with their candidates; returns the rows it could not
    /// prove complete (their entries in <paramref name="into"/> are left untouched).
    /// </summary>
    /// <param name="points">All points (exact values, float32 widened to float64 here).</param>
    /// <param name="queryRows">Global row index of each candidate row.</param>
    /// <param name="candidates">The candidates of each query row (K of them, K &gt; k unless complete).</param>
    /// <param name="errorBound">E for each query row (same order as <paramref name="queryRows"/>).</param>
    /// <param name="complete">True when the candidates of each row are all other points (no check needed).</param>
    /// <param name="into">Receives the k nearest (k = its K) at the global row positions.</param>
    public static List<int> Refine(
        PointMatrix points, IReadOnlyList<int> queryRows, CandidateSet candidates, double[] errorBound, bool complete, NeighbourTable into)
    {
        var unresolved = new List<int>();
        var gate = new object();
        Parallel.For(0, queryRows.Count, () => new double[points.Columns + into.K], (q, _, buffer) =>
        {
            if (!RefineRow(points, queryRows[q], candidates, q, errorBound[q], complete, buffer, into))
                lock (gate) unresolved.Add(queryRows[q]);
            return buffer;
        }, _ => { });
        unresolved.Sort();
        return unresolved;
    }

    /// <summary>Refines row <paramref name="i"/> (candidate row <paramref name="q"/>); false when its candidates cannot be proven complete.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool RefineRow(
        PointMatrix points, int i, CandidateSet candidates, int q, double errorBound, bool complete, double[] buffer, NeighbourTable into)
    {
        int count = candidates.K, k = into.K;
        ReadOnlySpan<double> values = candidates.Values.AsSpan(q * count, count);
        ReadOnlySpan<int> indices = candidates.Indices.AsSpan(q * count, count);
        double threshold = values[k - 1] + 2 * errorBound;
        if (!complete && !(values[count - 1] > threshold)) return false;
        Span<double> row = buffer.AsSpan(0, points.Columns);
        Span<double> best = buffer.AsSpan(points.Columns, k);
        Span<int> bestIndex = into.Indices.AsSpan(i * k, k);
        best.Fill(double.PositiveInfinity);
        bestIndex.Fill(int.MaxValue);
        Widen(points.Row(i), row);
        for (int c = 0; c < count && values[c] <= threshold; c++)
        {
            int j = indices[c];
            if (j == i) continue;
            // The reference's own kernel (its float32 overload widens on the fly, same bits), so that near-ties order
            // exactly as in the brute force.
            Insert(best, bestIndex, ExactNeighbourSearch.SquaredDistance(row, points.Row(j)), j);
        }
        Span<double> target = into.Distances.AsSpan(i * k, k);
        for (int r = 0; r < k; r++) target[r] = Math.Sqrt(best[r]);
        return true;
    }

    /// <summary>Inserts (s, j) into the list ordered by (value, index), dropping its last entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Insert(Span<double> best, Span<int> index, double s, int j)
    {
        int p = best.Length - 1;
        if (!Before(s, j, best[p], index[p])) return;
        while (p > 0 && Before(s, j, best[p - 1], index[p - 1]))
        {
            best[p] = best[p - 1];
            index[p] = index[p - 1];
            p--;
        }
        best[p] = s;
        index[p] = j;
    }

    private static bool Before(double s, int j, double best, int bestIndex) => s < best || (s == best && j < bestIndex);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<float> source, Span<double> target)
    {
        for (int k = 0; k < source.Length; k++) target[k] = source[k];
    }
}
