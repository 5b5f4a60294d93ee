using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Workflow.Torch.Runtime;

/// <summary>What <c>idim doctor</c> reports about the TorchSharp / libtorch installation.</summary>
public sealed record TorchRuntimeReport(
    bool Loaded,
    string? LoadError,
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    int CpuThreads,
    bool CudaAvailable,
    int CudaDevices,
    string? NativeLibraryPath,
    string FixUpState);

/// <summary>Loads libtorch once and describes the installation.</summary>
public static class TorchRuntime
{
    private const string FixedVersionNeed = "GLIBCXX_3.4.32";
    private static readonly Lazy<Exception?> LoadOutcome = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The backend this build was compiled for (MSBuild property TorchBackend).</summary>
    public static string Backend =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>True once libtorch has been loaded successfully in this process (never loads it).</summary>
    public static bool IsLoaded => LoadOutcome.IsValueCreated && LoadOutcome.Value is null;

    /// <summary>Loads libtorch (idempotent). Throws a message that says what to do when it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (LoadOutcome.Value is { } error)
            throw new InvalidOperationException(
                "TorchSharp could not load libtorch: " + error.Message + Environment.NewLine +
                "Run `idim doctor` for details. On Debian 12 the build marks GLIBCXX_3.4.32 in libLibTorchSharp.so " +
                "as weak; rebuild with `dotnet build` (not a copied binary) so the fix-up runs.", error);
    }

    private static Exception? TryLoad()
    {
        try
        {
            TorchNumerics.ApplyBeforeLoad(); // kernel pins are read once, when libtorch, MKL and oneDNN start
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Probes the installation without throwing.</summary>
    public static TorchRuntimeReport Probe()
    {
        Exception? error = LoadOutcome.Value;
        bool loaded = error is null;
        string torchSharpVersion = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        string? native = FindNativeLibrary();
        return new TorchRuntimeReport(
            Loaded: loaded,
            LoadError: error is null ? null : Flatten(error),
            TorchSharpVersion: torchSharpVersion,
            LibTorchVersion: LibTorchPackageVersion(),
            Backend: Backend,
            CpuThreads: loaded ? torch.get_num_threads() : Environment.ProcessorCount,
            CudaAvailable: loaded && torch.cuda.is_available(),
            CudaDevices: loaded && torch.cuda.is_available() ? torch.cuda.device_count() : 0,
            NativeLibraryPath: native,
            FixUpState: DescribeFixUp(native));
    }

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) parts.Add(x.Message);
        return string.Join(" -> ", parts.Distinct());
    }

    private static string LibTorchPackageVersion()
    {
        // libtorch-cpu-linux-x64 ships no version API; its package version is recorded in our deps.json.
        // The entry assembly's first (idim.deps.json), then any other beside it (a test host's is not the entry's).
        string entry = Path.Combine(AppContext.BaseDirectory, Assembly.GetEntryAssembly()?.GetName().Name + ".deps.json");
        var candidates = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json").Order(StringComparer.Ordinal).Prepend(entry);
        foreach (string deps in candidates.Where(File.Exists))
        {
            var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(deps), "\"libtorch-[a-z0-9.-]+?/([0-9][0-9.]*)\"");
            if (match.Success) return match.Groups[1].Value;
        }
        return "unknown";
    }

    private static string? FindNativeLibrary()
    {
        string name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "LibTorchSharp.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
        string baseDir = AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(baseDir, name),
            Path.Combine(baseDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name),
            Path.Combine(baseDir, "runtimes", "linux-x64", "native", name),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string DescribeFixUp(string? native)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "not needed (not Linux)";
        if (native is null) return "unknown (libLibTorchSharp.so not found beside the program)";
        try
        {
            return ElfVersionNeeds.IsWeak(native, FixedVersionNeed) switch
            {
                true => $"applied ({FixedVersionNeed} need is weak)",
                false => $"NOT applied ({FixedVersionNeed} need is strict; rebuild with dotnet build)",
                null => $"not needed (no {FixedVersionNeed} need)",
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return "unknown (" + e.Message + ")";
        }
    }
}
