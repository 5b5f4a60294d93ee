using System.Runtime.InteropServices;
using Workflow.Core.Numerics;
using Workflow.Core.Report;

namespace Workflow.Torch.Runtime;

/// <summary>
/// Pins libtorch's CPU kernel choice before libtorch loads (docs/numerics.md). libtorch, MKL and oneDNN each pick
/// kernels by the CPU's vector width when they first run, reading these environment variables with the C
/// library's <c>getenv</c>:
/// <list type="bullet">
/// <item><c>ATEN_CPU_CAPABILITY=avx2</c>: ATen's vectorised operators (reductions, softmax, layer norm, GELU …) in
/// 8-lane float32, also on an AVX-512 machine (ATen's <c>DispatchStub.cpp</c> takes the value without a check).</item>
/// <item><c>MKL_CBWR=AVX2,STRICT</c>: MKL's conditional numerical reproducibility, the AVX2 code branch; STRICT
/// makes GEMM bit-identical at any thread count as well (Intel's "strict CNR mode").</item>
/// <item><c>ONEDNN_MAX_CPU_ISA=AVX2</c>: oneDNN (the patch embedding's convolution) at most AVX2.</item>
/// </list>
/// .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach <c>getenv</c> on Linux
/// (the runtime keeps its own copy; checked with .NET 10), so the values are written with libc's <c>setenv</c>.
/// <see cref="TorchRuntime"/> calls <see cref="ApplyBeforeLoad"/> before it loads libtorch, so every path to
/// libtorch is pinned; a command calls <see cref="Configure"/> first to choose the mode.
/// </summary>
public static class TorchNumerics
{
    /// <summary>The variables the portable mode sets, and their values.</summary>
    public static IReadOnlyDictionary<string, string> PortableVariables { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["ATEN_CPU_CAPABILITY"] = "avx2",
        ["MKL_CBWR"] = "AVX2,STRICT",
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
    };

    private static readonly Lock Gate = new();
    private static NumericsMode? requested;
    private static NumericsMode? applied;

    /// <summary>The mode libtorch was (or will be) loaded with: the one configured, else <see cref="NumericsModes.Default"/>.</summary>
    public static NumericsMode Mode
    {
        get
        {
            lock (Gate) return applied ?? requested ?? NumericsModes.Default;
        }
    }

    /// <summary>
    /// Chooses the numerics mode of this process. Call before anything uses TorchSharp; again with the same mode is
    /// harmless. In portable mode the variables are set at once, on the calling thread (setenv is not safe while
    /// another thread reads the environment, so not later on the thread that happens to load libtorch).
    /// </summary>
    /// <exception cref="InvalidOperationException">libtorch is already loaded with the other mode, or the CPU lacks AVX2/FMA.</exception>
    public static void Configure(NumericsMode mode)
    {
        lock (Gate)
        {
            if (applied is { } current)
            {
                if (current != mode)
                    throw new InvalidOperationException(
                        $"libtorch is already loaded in this process with numerics '{current.Name()}'; it cannot switch to '{mode.Name()}'. " +
                        "Run the command in a new process (kernel choice is fixed when libtorch loads).");
                return;
            }
            requested = mode;
            if (mode == NumericsMode.Portable) SetPortableVariables();
        }
    }

    /// <summary>Called by <see cref="TorchRuntime"/> just before libtorch loads: applies the configured mode (default portable).</summary>
    internal static void ApplyBeforeLoad()
    {
        lock (Gate)
        {
            if (applied is not null) return;
            if (requested is { } chosen)
            {
                applied = chosen;
                return;
            }
            // Nobody chose (e.g. idim doctor): the default where the CPU can run it; never an error here.
            applied = NumericsModes.Default == NumericsMode.Portable && CpuDescription.Current().SupportsPortableKernels
                ? NumericsMode.Portable : NumericsMode.Fast;
            if (applied == NumericsMode.Portable) SetPortableVariables();
        }
    }

    /// <summary>What run.json records: mode, processor, the pins in force, threads and library versions (loads libtorch).</summary>
    public static NumericsInfo Describe()
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntimeReport runtime = TorchRuntime.Probe();
        CpuDescription cpu = CpuDescription.Current();
        var kernels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in PortableVariables.Keys)
            if (NativeEnvironment.Get(name) is { Length: > 0 } value) kernels[name] = value;
        return new NumericsInfo(Mode.Name(), cpu.Model, cpu.IsaLevel, cpu.Flags, kernels, runtime.CpuThreads,
            runtime.LibTorchVersion, runtime.TorchSharpVersion, MklVersion(runtime.NativeLibraryPath));
    }

    private static void SetPortableVariables()
    {
        CpuDescription cpu = CpuDescription.Current();
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // The pins name x86 instruction sets; elsewhere (Arm64) there is nothing to pin them to. Say so, do not fail.
            Console.Error.WriteLine($"warning: portable numerics covers x86-64 machines; on {RuntimeInformation.ProcessArchitecture} libtorch's kernels stay unpinned (run.json records no kernel pins).");
            return;
        }
        if (!cpu.SupportsPortableKernels)
            throw new InvalidOperationException(
                $"Portable numerics pins libtorch to AVX2 kernels, but this CPU ({cpu.Model}) has no AVX2 and FMA (as .NET sees it). " +
                "Use numerics: fast in the experiment (or --numerics fast); its numbers will differ in the last digits from an AVX2 machine's.");
        foreach (var (name, value) in PortableVariables) NativeEnvironment.Set(name, value);
    }

    /// <summary>MKL's own version string (MKL is linked into libtorch_cpu, which exports <c>MKL_Get_Version_String</c>).</summary>
    private static string MklVersion(string? libTorchSharpPath)
    {
        if (libTorchSharpPath is null) return "unknown";
        string library = Path.Combine(Path.GetDirectoryName(libTorchSharpPath)!,
            OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so");
        if (!NativeLibrary.TryLoad(library, out IntPtr handle)) return "unknown";
        if (!NativeLibrary.TryGetExport(handle, "MKL_Get_Version_String", out IntPtr export)) return "unknown (no MKL in libtorch)";
        var getVersion = Marshal.GetDelegateForFunctionPointer<GetVersionString>(export);
        var buffer = new byte[256];
        getVersion(buffer, buffer.Length - 1);
        string text = System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0))).Trim();
        return text.Length > 0 ? text : "unknown";
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void GetVersionString([Out] byte[] buffer, int length);
}
