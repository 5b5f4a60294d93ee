using System.Runtime.Intrinsics.X86;

namespace Workflow.Core.Numerics;

/// <summary>
/// The processor a run used: its model name and the vector instruction sets it offers, as recorded in run.json
/// (docs/numerics.md). The ISA level uses libtorch's own rule (ATen's <c>DispatchStub.cpp</c>): <c>avx512</c> needs
/// AVX-512 F, BW, DQ and VL plus FMA; <c>avx2</c> needs AVX2 and FMA; otherwise <c>default</c>.
/// </summary>
/// <param name="Model">e.g. "AMD EPYC 7B13" (from /proc/cpuinfo; "unknown" where it cannot be read).</param>
/// <param name="IsaLevel"><c>avx512</c>, <c>avx2</c> or <c>default</c>: what libtorch would pick by itself.</param>
/// <param name="Flags">The SIMD flags the CPU reports (sse4_2, avx, avx2, fma, avx512f, …), sorted.</param>
public sealed record CpuDescription(string Model, string IsaLevel, IReadOnlyList<string> Flags)
{
    /// <summary>True when the CPU has the instructions the portable mode pins libtorch to (AVX2 and FMA).</summary>
    public bool SupportsPortableKernels => IsaLevel is "avx2" or "avx512";

    /// <summary>This machine's processor.</summary>
    public static CpuDescription Current()
    {
        string level = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported && Fma.IsSupported ? "avx512"
            : Avx2.IsSupported && Fma.IsSupported ? "avx2"
            : "default";
        var (model, flags) = ReadCpuInfo("/proc/cpuinfo");
        return new CpuDescription(model ?? "unknown", level, flags);
    }

    /// <summary>The first "model name" and the SIMD flags of a /proc/cpuinfo text (x86 Linux layout).</summary>
    public static (string? Model, IReadOnlyList<string> Flags) ParseCpuInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? model = null;
        string[] flags = [];
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (model is null && key == "model name") model = value;
            else if (flags.Length == 0 && key == "flags")
                flags = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(IsVectorFlag).Order(StringComparer.Ordinal).ToArray();
            if (model is not null && flags.Length > 0) break;
        }
        return (model, flags);
    }

    private static bool IsVectorFlag(string flag) =>
        flag.StartsWith("sse", StringComparison.Ordinal) || flag.StartsWith("avx", StringComparison.Ordinal)
        || flag is "fma" or "f16c" or "ssse3" or "amx_bf16" or "amx_tile" or "amx_int8";

    private static (string? Model, IReadOnlyList<string> Flags) ReadCpuInfo(string path)
    {
        try
        {
            return File.Exists(path) ? ParseCpuInfo(File.ReadAllText(path)) : (null, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, []);
        }
    }
}
