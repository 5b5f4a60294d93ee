namespace Workflow.Core.TwoNn;

/// <summary>
/// For every point i: the distance to its nearest (<see cref="R1"/>) and second-nearest (<see cref="R2"/>)
/// other point, and their row indices. Ties are broken by the smaller row index.
/// </summary>
/// <param name="R1">Euclidean distance to the nearest other point.</param>
/// <param name="R2">Euclidean distance to the second-nearest other point (≥ R1).</param>
/// <param name="First">Row index of the nearest other point.</param>
/// <param name="Second">Row index of the second-nearest other point.</param>
public sealed record NeighbourDistances(double[] R1, double[] R2, int[] First, int[] Second)
{
    /// <summary>Number of points.</summary>
    public int Count => R1.Length;
}
