using Workflow.Core.Report;
using Workflow.Report.Tables;

namespace Workflow.Report.Tests.Tables;

public class RunTablesNumericsTests
{
    // As model.json's numerics block reads on the machine of docs/numerics-hashes.json.
    private const string NumericsJson = """
        "numerics": {
          "mode": "portable",
          "cpu_model": "AMD EPYC",
          "cpu_isa": "avx512",
          "cpu_flags": ["avx2", "avx512f", "fma"],
          "kernels": { "ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2,STRICT", "ONEDNN_MAX_CPU_ISA": "AVX2" },
          "threads": 2,
          "libtorch_version": "2.10.0",
          "torchsharp_version": "0.107.0",
          "mkl_version": "Intel(R) oneAPI Math Kernel Library Version 2024.2-Product Build 20240605 for Intel(R) 64 architecture applications"
        },
        """;

    private static RunInfo WithNumerics()
    {
        string json = File.ReadAllText(Path.Combine(SyntheticRun.Folder, "run.json"));
        return RunInfoJson.Parse(json.Replace("\"experiment\": \"synthetic\",", NumericsJson + "\n  \"experiment\": \"synthetic\","));
    }

    [Fact]
    public void Should_ReadNumerics_When_RunJsonHasThem()
    {
        NumericsInfo numerics = WithNumerics().Numerics!;
        Assert.Equal("portable", numerics.Mode);
        Assert.Equal("avx512", numerics.CpuIsa);
        Assert.Equal(2, numerics.Threads);
        Assert.Equal("AVX2,STRICT", numerics.Kernels["MKL_CBWR"]);
    }

    [Fact]
    public void Should_ReadNoNumerics_When_RunJsonPredatesThem() => Assert.Null(SyntheticRun.Run.Numerics);

    [Fact]
    public void Should_ShowModePinsAndMachine_When_RunHasNumerics()
    {
        var correlation = SyntheticRun.Correlate();
        var ids = Workflow.Core.Correlate.ClassIdTable.FromRows(SyntheticRun.Rows, correlation.Estimator, correlation.Models);
        var rows = RunTables.Settings(WithNumerics(), correlation, ids, DateTimeOffset.UnixEpoch, 1).Rows.ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("portable (ATEN_CPU_CAPABILITY=avx2, MKL_CBWR=AVX2,STRICT, ONEDNN_MAX_CPU_ISA=AVX2)", rows["Numerics"]);
        Assert.Equal("AMD EPYC (avx512), 2 threads; libtorch 2.10.0, TorchSharp 0.107.0, Intel(R) oneAPI Math Kernel Library Version 2024.2-Product Build 20240605 for Intel(R) 64 architecture applications",
            rows["Embedded on"]);
    }
}
