namespace Workflow.Core.TwoNn;

/// <summary>
/// The k nearest other points of every point (Euclidean, self excluded by index), nearest first; ties are broken
/// by the smaller row index. Row i's neighbours are <see cref="Indices"/>[i·k … i·k + k − 1] at
/// <see cref="Distances"/>[i·k …]. Rank r (1-based, DADApy's convention: rank 1 = the nearest other point) is at
/// offset r − 1.
/// </summary>
/// <param name="K">Neighbours per point.</param>
/// <param name="Distances">Euclidean distances, row-major N × k, non-decreasing along each row.</param>
/// <param name="Indices">Row indices of the neighbours, row-major N × k.</param>
public sealed record NeighbourTable(int K, double[] Distances, int[] Indices)
{
    /// <summary>Number of points.</summary>
    public int Count => K == 0 ? 0 : Distances.Length / K;

    /// <summary>The distance of point <paramref name="point"/> to its neighbour of rank <paramref name="rank"/> (1-based).</summary>
    public double Distance(int point, int rank) => Distances[point * K + rank - 1];

    /// <summary>Row <paramref name="point"/>'s k distances, nearest first.</summary>
    public ReadOnlySpan<double> Row(int point) => Distances.AsSpan(point * K, K);

    /// <summary>Row <paramref name="point"/>'s k neighbour indices, nearest first.</summary>
    public ReadOnlySpan<int> RowIndices(int point) => Indices.AsSpan(point * K, K);

    /// <summary>The distances of every point to its neighbour of rank <paramref name="rank"/> (1-based).</summary>
    public double[] Column(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, K);
        var column = new double[Count];
        for (int i = 0; i < column.Length; i++) column[i] = Distances[i * K + rank - 1];
        return column;
    }

    /// <summary>The first two neighbours in TwoNN's form (needs k ≥ 2).</summary>
    public NeighbourDistances ToTwoNearest()
    {
        if (K < 2) throw new InvalidOperationException($"TwoNN needs two neighbours per point; this table holds {K}.");
        int n = Count;
        var result = new NeighbourDistances(new double[n], new double[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++)
        {
            result.R1[i] = Distances[i * K];
            result.R2[i] = Distances[i * K + 1];
            result.First[i] = Indices[i * K];
            result.Second[i] = Indices[i * K + 1];
        }
        return result;
    }
}
