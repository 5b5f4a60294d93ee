using System.Runtime.CompilerServices;
using Workflow.Core.TwoNn;

namespace Workflow.Torch.Neighbours;

/// <summary>
/// Turns approximate candidates into exact answers. Let c̃ⱼ be the computed squared distance from row i to j
/// and E a bound on |c̃ⱼ − dⱼ²| (see <see cref="GemmErrorBound"/>). The true second-smallest d² is at most
/// c̃₍₂₎ + E (the two computed best have true values within E of theirs), so every j that can be among the
/// true two nearest has c̃ⱼ ≤ c̃₍₂₎ + 2E = T. If the k-th computed value exceeds T, all such j are among the
/// k candidates: recomputing those with c̃ ≤ T exactly (float64, direct differences) and keeping the best two
/// (ties → smaller index) gives exactly the float64 brute-force answer. Otherwise the row is "unresolved".
/// </summary>
internal static class NeighbourRefinement
{
    /// <summary>
    /// Refines the given <paramref name="queryRows"/> with their candidates; returns the rows it could not
    /// prove complete (their entries in <paramref name="into"/> are left untouched).
    /// </summary>
    /// <param name="points">All points (exact values, float32 widened to float64 here).</param>
    /// <param name="queryRows">Global row index of each candidate row.</param>
    /// <param name="candidates">The candidates of each query row.</param>
    /// <param name="errorBound">E for each query row (same order as <paramref name="queryRows"/>).</param>
    /// <param name="complete">True when the candidates of each row are all other points (no check needed).</param>
    /// <param name="into">Receives r1, r2 and indices at the global row positions.</param>
    public static List<int> Refine(
        PointMatrix points, IReadOnlyList<int> queryRows, CandidateSet candidates, double[] errorBound, bool complete, NeighbourDistances into)
    {
        var unresolved = new List<int>();
        var gate = new object();
        Parallel.For(0, queryRows.Count, () => new double[2 * points.Columns], (q, _, buffer) =>
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
        PointMatrix points, int i, CandidateSet candidates, int q, double errorBound, bool complete, double[] buffer, NeighbourDistances into)
    {
        int k = candidates.K;
        ReadOnlySpan<double> values = candidates.Values.AsSpan(q * k, k);
        ReadOnlySpan<int> indices = candidates.Indices.AsSpan(q * k, k);
        double threshold = values[1] + 2 * errorBound;
        if (!complete && !(values[k - 1] > threshold)) return false;
        Span<double> row = buffer.AsSpan(0, points.Columns), other = buffer.AsSpan(points.Columns);
        Widen(points.Row(i), row);
        double best1 = double.PositiveInfinity, best2 = double.PositiveInfinity;
        int index1 = int.MaxValue, index2 = int.MaxValue;
        for (int c = 0; c < k && values[c] <= threshold; c++)
        {
            int j = indices[c];
            if (j == i) continue;
            // The reference's own kernel, so that near-ties order exactly as in the brute force.
            Widen(points.Row(j), other);
            double s = ExactNeighbourSearch.SquaredDistance(row, other);
            if (Before(s, j, best1, index1))
            {
                best2 = best1; index2 = index1;
                best1 = s; index1 = j;
            }
            else if (Before(s, j, best2, index2))
            {
                best2 = s; index2 = j;
            }
        }
        into.R1[i] = Math.Sqrt(best1);
        into.R2[i] = Math.Sqrt(best2);
        into.First[i] = index1;
        into.Second[i] = index2;
        return true;
    }

    private static bool Before(double s, int j, double best, int bestIndex) => s < best || (s == best && j < bestIndex);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<float> source, Span<double> target)
    {
        for (int k = 0; k < source.Length; k++) target[k] = source[k];
    }
}
