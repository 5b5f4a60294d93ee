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
/// static constructors crashed 1 run in 8 (SIGSEGV / SIGABRT after the error message, probe #7), so the immediate
/// exit is taken whenever a load was started at all, finished or not: <c>_exit</c> ends every thread at once and runs
/// no handler, and a failing command need not wait the few tenths of a second the load still needs.
/// </remarks>
internal static class NativeExit
{
    private static readonly List<Task> Loads = []; // kept so that a load is known to have started
    private static readonly Lock LoadsLock = new();

    /// <summary>Registers a task that loads native code in the background; returns it.</summary>
    public static Task<T> Track<T>(Task<T> load)
    {
        lock (LoadsLock) Loads.Add(load);
        return load;
    }

    public static int Exit(int code)
    {
        bool loadStarted;
        lock (LoadsLock) loadStarted = Loads.Count > 0;
        if (!TorchRuntime.IsLoaded && !loadStarted) return code;
        if (!OperatingSystem.IsLinux()) return WaitForLoads(code);
        Console.Out.Flush();
        Console.Error.Flush();
        try
        {
            ImmediateExit(code);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No glibc-compatible C library: the normal exit, once no load is running.
        }
        return WaitForLoads(code);
    }

    /// <summary>Without <c>_exit</c>, the exit handlers must not run while a load is under way: wait for it (bounded).</summary>
    private static int WaitForLoads(int code)
    {
        Task[] pending;
        lock (LoadsLock) pending = [.. Loads];
        try
        {
            Task.WaitAll(pending, TimeSpan.FromSeconds(60));
        }
        catch (AggregateException)
        {
            // The load's failure was the command's to report.
        }
        return code;
    }

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void ImmediateExit(int status);
}
