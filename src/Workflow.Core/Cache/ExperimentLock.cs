namespace Workflow.Core.Cache;

/// <summary>
/// An exclusive lock on an experiment folder so that two runs cannot interleave their writes. It is an
/// OS file lock (flock on Linux via FileShare.None), released by the OS when the process dies, so a killed
/// run never leaves a stale lock behind.
/// </summary>
public sealed class ExperimentLock : IDisposable
{
    private readonly FileStream _stream;

    private ExperimentLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock. When another run holds it: with <paramref name="wait"/>, reports once through
    /// <paramref name="onWaiting"/> and polls until free (or <paramref name="cancel"/>); without, throws.
    /// </summary>
    public static ExperimentLock Acquire(string experimentFolder, bool wait, Action<string>? onWaiting = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(experimentFolder);
        string path = Path.Combine(experimentFolder, ".lock");
        bool told = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write($"pid {Environment.ProcessId} since {DateTime.UtcNow:O}");
                writer.Flush();
                return new ExperimentLock(stream);
            }
            catch (IOException) when (wait)
            {
                if (!told)
                {
                    onWaiting?.Invoke($"Another idim run is using {experimentFolder}; waiting for it to finish (Ctrl-C to stop, or use --no-wait).");
                    told = true;
                }
                Task.Delay(250, cancel).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"Another idim run is using {experimentFolder} (lock file {path}). Wait for it to finish, or run without --no-wait to queue behind it.", e);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
