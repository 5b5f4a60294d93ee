using System.Runtime.CompilerServices;

namespace Workflow.Core.TwoNn;

/// <summary>The distinct rows of a matrix and how many duplicate rows were removed.</summary>
/// <param name="Points">The distinct rows, in order of first occurrence.</param>
/// <param name="SourceRows">For each distinct row, its row index in the input.</param>
/// <param name="Duplicates">Rows removed (input rows − distinct rows).</param>
public sealed record DistinctRows(PointMatrix Points, int[] SourceRows, int Duplicates);

/// <summary>
/// Collapses exact duplicate rows (equal coordinate values; −0 equals +0) to their first occurrence.
/// Duplicates give r1 = 0 and an undefined μ; DADApy and scikit-dimension keep them and collapse the
/// estimate (≈0.26 on the duplicates fixture), Facco's program returns NaN. We remove and count them.
/// </summary>
public static class DuplicateRows
{
    /// <summary>The distinct rows of <paramref name="points"/> (which must be finite).</summary>
    public static DistinctRows Collapse(PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var comparer = new RowComparer(points);
        var seen = new HashSet<int>(points.Rows, comparer);
        var kept = new List<int>(points.Rows);
        for (int i = 0; i < points.Rows; i++)
            if (seen.Add(i)) kept.Add(i);
        int duplicates = points.Rows - kept.Count;
        PointMatrix distinct = duplicates == 0 ? points : points.SelectRows(kept);
        return new DistinctRows(distinct, kept.ToArray(), duplicates);
    }

    private sealed class RowComparer(PointMatrix points) : IEqualityComparer<int>
    {
        // Value equality (==) so that −0 and +0 are the same coordinate; the input is finite, so no NaN.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Equals(int a, int b)
        {
            ReadOnlySpan<float> x = points.Row(a), y = points.Row(b);
            for (int k = 0; k < x.Length; k++)
                if (x[k] != y[k]) return false;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int GetHashCode(int row)
        {
            var hash = new HashCode();
            foreach (float v in points.Row(row)) hash.Add(v == 0 ? 0f : v);
            return hash.ToHashCode();
        }
    }
}
