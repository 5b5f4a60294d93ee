namespace Workflow.Core.TwoNn;

/// <summary>
/// Finds the two nearest other points (Euclidean, self excluded by index) of every row of a matrix.
/// Implementations must agree with a float64 brute-force search: same neighbours (ties broken by the
/// smaller row index) and distances equal to 1e-9 relative. The managed reference is
/// <see cref="ExactNeighbourSearch"/>; the fast one runs on TorchSharp tensors (Workflow.Torch).
/// </summary>
public interface INeighbourSearch
{
    /// <summary>A short name for logs and JSON (e.g. "exact-managed", "torch-cpu").</summary>
    string Name { get; }

    /// <summary>r1, r2 and neighbour indices for every row of <paramref name="points"/> (needs at least 3 rows).</summary>
    NeighbourDistances FindTwoNearest(PointMatrix points);
}
