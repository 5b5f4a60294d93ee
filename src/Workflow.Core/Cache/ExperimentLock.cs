namespace Workflow.Core.Cache;

/// <summary>
/// An exclusive lock on a whole experiment folder (<c>.lock</c> in it), for operations that touch every unit at once.
/// Stage runs lock per unit instead (see <see cref="FileLock"/>), so separate processes can produce different units.
/// </summary>
public static class ExperimentLock
{
    /// <summary>
    /// Takes the lock. When another run holds it: with <paramref name="wait"/>, reports once through
    /// <paramref name="onWaiting"/> and polls until free (or <paramref name="cancel"/>); without, throws.
    /// </summary>
    public static FileLock Acquire(string experimentFolder, bool wait, Action<string>? onWaiting = null, CancellationToken cancel = default) =>
        FileLock.Exclusive(Path.Combine(experimentFolder, ".lock"), experimentFolder, wait, onWaiting, cancel);
}
