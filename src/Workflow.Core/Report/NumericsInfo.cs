using System.Text.Json.Serialization;

namespace Workflow.Core.Report;

/// <summary>
/// Where and how the numbers of a run were computed (run.json <c>numerics</c>, docs/numerics.md): the numerics mode,
/// the processor, the kernel pins in force and the libraries. In portable mode the numbers do not depend on the
/// processor or the thread count; these fields say so can be checked (docs/numerics-hashes.json).
/// </summary>
/// <param name="Mode"><c>portable</c> or <c>fast</c>.</param>
/// <param name="CpuModel">The processor's model name.</param>
/// <param name="CpuIsa">What libtorch would pick by itself on this processor: <c>avx512</c>, <c>avx2</c> or <c>default</c>.</param>
/// <param name="CpuFlags">The processor's SIMD flags.</param>
/// <param name="Kernels">The kernel pins in force (environment variable → value), empty in fast mode unless set by the user.</param>
/// <param name="Threads">libtorch's intra-op thread count.</param>
/// <param name="LibTorchVersion">libtorch package version.</param>
/// <param name="TorchSharpVersion">TorchSharp version.</param>
/// <param name="MklVersion">MKL's version string as libtorch's MKL reports it, or "unknown".</param>
public sealed record NumericsInfo(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("cpu_model")] string CpuModel,
    [property: JsonPropertyName("cpu_isa")] string CpuIsa,
    [property: JsonPropertyName("cpu_flags")] IReadOnlyList<string> CpuFlags,
    [property: JsonPropertyName("kernels")] IReadOnlyDictionary<string, string> Kernels,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("libtorch_version")] string LibTorchVersion,
    [property: JsonPropertyName("torchsharp_version")] string TorchSharpVersion,
    [property: JsonPropertyName("mkl_version")] string MklVersion)
{
    /// <summary>The mode and its kernel pins, e.g. "portable (ATEN_CPU_CAPABILITY=avx2, MKL_CBWR=AVX2,STRICT, ONEDNN_MAX_CPU_ISA=AVX2)".</summary>
    public string DescribeMode() =>
        Mode + " (" + (Kernels.Count == 0 ? "kernels unpinned" : string.Join(", ", Kernels.Select(k => $"{k.Key}={k.Value}"))) + ")";

    /// <summary>The machine and libraries, e.g. "AMD EPYC (avx512), 2 threads; libtorch 2.10.0, TorchSharp 0.107.0, MKL …".</summary>
    public string DescribeMachine() =>
        $"{CpuModel} ({CpuIsa}), {Threads} threads; libtorch {LibTorchVersion}, TorchSharp {TorchSharpVersion}, {MklVersion}";
}
