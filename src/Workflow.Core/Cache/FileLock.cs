namespace Workflow.Core.Cache;

/// <summary>
/// An OS file lock (flock on Linux, through <see cref="FileShare"/>: <see cref="FileShare.None"/> takes it exclusively,
/// <see cref="FileShare.Read"/> with read access takes it shared). The OS releases it when the process dies, so a killed
/// run never leaves a stale lock. Exclusive = "I am producing this"; shared = "I am reading this, do not replace it".
/// Used per stage unit (<c>artifacts/&lt;experiment&gt;/.locks/…</c>) and per shared item (a tiny model, a dataset).
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;

    private FileLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes <paramref name="path"/> exclusively (see <see cref="Acquire"/>).</summary>
    public static FileLock Exclusive(string path, string what, bool wait, Action<string>? onWaiting = null, CancellationToken cancel = default) =>
        Acquire(path, what, exclusive: true, wait, onWaiting, cancel);

    /// <summary>Takes <paramref name="path"/> shared: many readers at once, never while someone holds it exclusively.</summary>
    public static FileLock Shared(string path, string what, bool wait, Action<string>? onWaiting = null, CancellationToken cancel = default) =>
        Acquire(path, what, exclusive: false, wait, onWaiting, cancel);

    /// <summary>
    /// Takes the lock. When another process holds it in a conflicting mode: with <paramref name="wait"/>, reports once
    /// through <paramref name="onWaiting"/> and polls until free (or <paramref name="cancel"/>); without, throws an
    /// <see cref="InvalidOperationException"/> naming <paramref name="what"/> and the lock file.
    /// </summary>
    public static FileLock Acquire(string path, string what, bool exclusive, bool wait, Action<string>? onWaiting = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        bool told = false;
        while (true)
        {
            try
            {
                var stream = exclusive
                    ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                    : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read);
                if (exclusive)
                {
                    // For people who look: who holds it (the lock itself is the flock, not this text).
                    stream.SetLength(0);
                    using var writer = new StreamWriter(stream, leaveOpen: true);
                    writer.Write($"pid {Environment.ProcessId} since {DateTime.UtcNow:O}");
                }
                return new FileLock(stream, path);
            }
            catch (IOException) when (wait)
            {
                if (!told)
                {
                    onWaiting?.Invoke($"Another idim run is using {what}; waiting for it to finish (Ctrl-C to stop, or use --no-wait).");
                    told = true;
                }
                Task.Delay(PollInterval, cancel).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"Another idim run is using {what} (lock file {path}). Wait for it to finish, or run without --no-wait to queue behind it.", e);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
