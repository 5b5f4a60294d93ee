namespace Workflow.Core.TwoNn;

/// <summary>
/// A neighbour search for any number k of nearest other points (GRIDE needs up to 64, Levina–Bickel 20, mutual k-NN
/// 10). The contract of <see cref="INeighbourSearch"/> holds for every k: the same neighbours, in the same order (ties
/// by the smaller row index), as a float64 brute force with direct differences, distances equal to 1e-9 relative.
/// </summary>
public interface IKNeighbourSearch : INeighbourSearch
{
    /// <summary>The <paramref name="k"/> nearest other points of every row (1 ≤ k ≤ rows − 1).</summary>
    NeighbourTable FindNearest(PointMatrix points, int k);
}
