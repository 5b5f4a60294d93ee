using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Core.Numerics;

namespace Workflow.Cli.Tests.Numerics;

/// <summary>
/// Issue 10, portable numerics (docs/numerics.md): the numbers the pipeline writes do not depend on the thread count
/// or the CPU's vector width, and they are the bits recorded in docs/numerics-hashes.json from another machine.
/// </summary>
public sealed partial class PortableNumericsTests(PortableDemoRuns runs) : IClassFixture<PortableDemoRuns>
{
    private static readonly string[] NumericOutputs = ["twonn.csv", "correlation.json"];

    [Fact]
    public void Should_WriteByteIdenticalTwoNnAndCorrelation_When_ThreadCountDiffers()
    {
        foreach (string file in NumericOutputs)
            Assert.True(File.ReadAllBytes(Path.Combine(runs.TwoThreads, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(runs.OneThread, file))),
                $"{file} differs between OMP_NUM_THREADS=2 and 1 in portable mode");
    }

    [Fact]
    public void Should_WriteByteIdenticalTwoNnAndCorrelation_When_TheEnvironmentAsksForAvx512()
    {
        foreach (string file in NumericOutputs)
            Assert.True(File.ReadAllBytes(Path.Combine(runs.TwoThreads, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(runs.OtherIsa, file))),
                $"{file} differs when the environment asks for AVX-512 kernels and .NET's AVX-512 is off, in portable mode");
    }

    [Fact]
    public void Should_RecordModeCpuAndIsa_When_Embedding()
    {
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.OneThread, "embeddings", "tiny-vit", "model.json")));
        JsonElement numerics = model.RootElement.GetProperty("numerics");
        Assert.Equal("portable", numerics.GetProperty("mode").GetString());
        Assert.Equal(1, numerics.GetProperty("threads").GetInt32());
        Assert.Equal("avx2", numerics.GetProperty("kernels").GetProperty("ATEN_CPU_CAPABILITY").GetString());
        Assert.Equal(CpuDescription.Current().Model, numerics.GetProperty("cpu_model").GetString());
        using var other = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.OtherIsa, "embeddings", "tiny-vit", "model.json")));
        // With DOTNET_EnableAVX512=0 .NET (and so idim) sees at most AVX2; the kernels are pinned all the same.
        Assert.NotEqual("avx512", other.RootElement.GetProperty("numerics").GetProperty("cpu_isa").GetString());
        Assert.Equal("AVX2,STRICT", other.RootElement.GetProperty("numerics").GetProperty("kernels").GetProperty("MKL_CBWR").GetString());
    }

    [SkippableFact]
    public void Should_MatchTheHashesRecordedOnAnotherMachine_When_RunningTheDemoInPortableMode()
    {
        // To accept an intended change of the numbers, re-record docs/numerics-hashes.json (docs/numerics.md says how).
        // Bits are identical among CPUs of one vendor; Intel and AMD differ in the sixth digit (MKL's CNR branch is
        // Intel-only), which DemoSnapshotTests bounds with a measured tolerance.
        using var recorded = JsonDocument.Parse(File.ReadAllText(PortableDemoRuns.RecordedHashes));
        string vendor = CpuVendor.Current();
        Skip.IfNot(recorded.RootElement.GetProperty("demo").GetProperty("portable").TryGetProperty(vendor, out JsonElement files),
            $"docs/numerics-hashes.json records no portable hashes for CPU vendor '{vendor}' yet (only GenuineIntel and AuthenticAMD); " +
            "add them from this machine (docs/numerics.md, 'Checking another machine')");
        // A file whose numbers changed by intent after the vendor's last recording is null there (re-recorded only on a
        // machine of that vendor): checked where recorded, reported where not.
        var notRecorded = NumericOutputs.Where(f => files.GetProperty(f).ValueKind == JsonValueKind.Null).ToArray();
        foreach (string file in NumericOutputs.Except(notRecorded))
            Assert.Equal(files.GetProperty(file).GetString(), PortableDemoRuns.Sha256(Path.Combine(runs.TwoThreads, file)));
        if (notRecorded.Length > 0)
            throw new SkipException($"docs/numerics-hashes.json has no {vendor} hash of {string.Join(", ", notRecorded)} since its numbers last changed " +
                                    $"({(files.TryGetProperty("not_recorded_because", out JsonElement why) ? why.GetString() : "no reason recorded")}); the other files matched");
    }

    [Fact]
    public void Should_ComputeIdenticalVitBaseOutputs_When_ThreadsOrIsaDiffer()
    {
        // ViT-base size (86 M parameters, 768 × 3072 GEMMs): where MKL splits its products across threads.
        string twoThreads = VitBaseHash("portable", new() { ["OMP_NUM_THREADS"] = "2" });
        Assert.Equal(twoThreads, VitBaseHash("portable", new() { ["OMP_NUM_THREADS"] = "1" }));
        Assert.Equal(twoThreads, VitBaseHash("portable", new() { ["OMP_NUM_THREADS"] = "2", ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0", ["ATEN_CPU_CAPABILITY"] = "avx512" }));
    }

    [Fact]
    public void Should_ChangeTheBits_When_FastModeUsesAvx512()
    {
        // The control: without the pins an AVX-512 machine computes other bits than an AVX2 one, so the tests above
        // would see a missing pin. On a machine without AVX-512 there is no other level to compare with.
        if (CpuDescription.Current().IsaLevel != "avx512") return;
        string native = VitBaseHash("fast", new() { ["OMP_NUM_THREADS"] = "2" });
        string avx2 = VitBaseHash("fast", new() { ["OMP_NUM_THREADS"] = "2", ["ATEN_CPU_CAPABILITY"] = "avx2", ["MKL_CBWR"] = "AVX2,STRICT", ["ONEDNN_MAX_CPU_ISA"] = "AVX2" });
        Assert.NotEqual(native, avx2);
        Assert.Equal(avx2, VitBaseHash("portable", new() { ["OMP_NUM_THREADS"] = "2" }));
    }

    /// <summary>The output hash <c>idim bench forward</c> prints for one ViT-base forward (random weights, seed 0).</summary>
    private static string VitBaseHash(string numerics, Dictionary<string, string> environment)
    {
        string output = IdimProcess.Run(environment, "bench", "forward", "--batch-size", "1", "--repeats", "1", "--dtype", "float32", "--numerics", numerics);
        Match hash = OutputHash().Match(output);
        Assert.True(hash.Success, "no output hash in: " + output);
        return hash.Groups[1].Value;
    }

    [GeneratedRegex("outputs sha256 ([0-9a-f]{16})")]
    private static partial Regex OutputHash();
}
