using Workflow.Core.TwoNn;

namespace Workflow.Cli.Commands;

/// <summary>
/// A neighbour search still being created (libtorch loads for a few tenths of a second): the checks and
/// duplicate collapsing that come before the first search run meanwhile; the first search waits for it.
/// </summary>
internal sealed class DeferredNeighbourSearch(Task<INeighbourSearch> creation) : INeighbourSearch
{
    private INeighbourSearch Search => creation.GetAwaiter().GetResult();

    /// <inheritdoc />
    public string Name => Search.Name;

    /// <inheritdoc />
    public NeighbourDistances FindTwoNearest(PointMatrix points) => Search.FindTwoNearest(points);

    /// <summary>Waits for the search (so that creation errors, e.g. no CUDA device, surface before any work).</summary>
    public void Wait() => _ = Search;
}
