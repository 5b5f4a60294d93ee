using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The locks of one running unit (design.md §8: a lock per unit, not per experiment): the unit itself exclusively,
/// and every upstream unit it reads shared, so nobody replaces an input while it is read, while separate processes
/// (or Slurm tasks) produce different units of one experiment at once. Lock files live in
/// <c>artifacts/&lt;experiment&gt;/.locks/&lt;stage&gt;[/&lt;unit&gt;].lock</c>. Every run takes its locks in graph
/// order (upstream first, then its own), so two runs can never wait on each other in a cycle.
/// </summary>
internal sealed class UnitLocks : IDisposable
{
    private readonly List<FileLock> _held = [];

    private UnitLocks() { }

    /// <summary>The lock file of a unit.</summary>
    public static string PathOf(StageContext context, StageKey key) => key.Scope is null
        ? Path.Combine(context.Folder, ".locks", key.Stage.ToLowerInvariant() + ".lock")
        : Path.Combine(context.Folder, ".locks", key.Stage.ToLowerInvariant(), key.Scope + ".lock");

    /// <summary>Takes <paramref name="reads"/> shared (in the order given: upstream first), then <paramref name="produces"/> exclusively.</summary>
    public static UnitLocks Acquire(StageContext context, IEnumerable<StageKey> reads, StageKey produces)
    {
        var locks = new UnitLocks();
        try
        {
            bool wait = context.Settings.Wait;
            foreach (var key in reads.Distinct())
                locks._held.Add(FileLock.Shared(PathOf(context, key), Describe(context, key), wait, Say));
            locks._held.Add(FileLock.Exclusive(PathOf(context, produces), Describe(context, produces), wait, Say));
            return locks;
        }
        catch (InvalidOperationException e)
        {
            locks.Dispose();
            throw new UserError(e.Message, ExitCodes.Busy, e);
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (int i = _held.Count - 1; i >= 0; i--) _held[i].Dispose();
        _held.Clear();
    }

    private static string Describe(StageContext context, StageKey key) => $"{key} of {context.Experiment.Name} ({context.Folder})";

    private static void Say(string message) => Console.Error.WriteLine(message);
}
