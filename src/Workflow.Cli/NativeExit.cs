using System.Runtime.InteropServices;
using Workflow.Torch.Runtime;

namespace Workflow.Cli;

/// <summary>
/// Ends the process without running the C library's exit handlers once libtorch is loaded. Those handlers are
/// libtorch's static destructors (operator registry, thread pools), ≈ 0.08–0.1 s of a 0.6 s <c>idim twonn</c>
/// run on the project's machine (hyperfine, 5000 × 1024: 0.70 s → 0.58–0.62 s), with nothing to save: .NET runs
/// no finalizers at exit, every file the commands write is disposed before they return, and the console
/// writers are flushed here. Linux only; elsewhere, or without libtorch, the normal exit.
/// </summary>
/// <remarks>
/// A command may start loading libtorch on a background thread (<see cref="Track"/>) and fail before it finishes
/// (e.g. <c>idim twonn missing.npy</c>). Running the exit handlers while that thread is still inside libtorch's
/// static constructors crashed 1 run in 8 (SIGSEGV / SIGABRT after the error message, probe #7), so an exit first
/// waits for every tracked load, and takes the immediate exit whenever a load was started at all.
/// </remarks>
internal static class NativeExit
{
    /// <summary>Longest wait for a background load at exit; libtorch loads in well under a second.</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(60);

    private static readonly List<Task> Loads = [];
    private static readonly Lock LoadsLock = new();

    /// <summary>Registers a task that loads native code in the background; returns it.</summary>
    public static Task<T> Track<T>(Task<T> load)
    {
        lock (LoadsLock) Loads.Add(load);
        return load;
    }

    public static int Exit(int code)
    {
        Task[] pending;
        lock (LoadsLock) pending = [.. Loads];
        try
        {
            Task.WaitAll(pending, LoadWait);
        }
        catch (AggregateException)
        {
            // The load's own failure was reported by the command (or did not matter to it).
        }
        if (!OperatingSystem.IsLinux() || (!TorchRuntime.IsLoaded && pending.Length == 0)) return code;
        Console.Out.Flush();
        Console.Error.Flush();
        try
        {
            ImmediateExit(code);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No glibc-compatible C library: the normal exit.
        }
        return code;
    }

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void ImmediateExit(int status);
}
