using Workflow.Core.Numerics;

namespace Workflow.Core.Tests.Numerics;

public class CpuDescriptionTests
{
    // Two processors of a /proc/cpuinfo as Linux writes it (x86), flags shortened; the second block must not be read.
    private const string CpuInfo = """
        processor	: 0
        vendor_id	: GenuineIntel
        model name	: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
        flags		: fpu vme de pse tsc msr sse sse2 ssse3 fma cx16 sse4_1 sse4_2 popcnt aes xsave avx f16c rdrand avx2 bmi2

        processor	: 1
        vendor_id	: GenuineIntel
        model name	: Other CPU
        flags		: fpu avx512f

        """;

    [Fact]
    public void Should_ReadModelAndSimdFlags_When_ParsingProcCpuInfo()
    {
        var (model, flags) = CpuDescription.ParseCpuInfo(CpuInfo.Replace("\r\n", "\n"));
        Assert.Equal("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", model);
        Assert.Equal(["avx", "avx2", "f16c", "fma", "sse", "sse2", "sse4_1", "sse4_2", "ssse3"], flags);
    }

    [Fact]
    public void Should_ReturnNoModel_When_TheTextHasNone()
    {
        var (model, flags) = CpuDescription.ParseCpuInfo("processor : 0\n");
        Assert.Null(model);
        Assert.Empty(flags);
    }

    [Theory]
    [InlineData("avx512", true)]
    [InlineData("avx2", true)]
    [InlineData("default", false)]
    public void Should_AllowPortableKernels_When_TheCpuHasAvx2(string level, bool expected) =>
        Assert.Equal(expected, new CpuDescription("x", level, []).SupportsPortableKernels);

    [Fact]
    public void Should_ReportALevelLibTorchKnows_When_DescribingThisMachine()
    {
        var cpu = CpuDescription.Current();
        Assert.Contains(cpu.IsaLevel, new[] { "avx512", "avx2", "default" });
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
            Assert.NotEqual("unknown", cpu.Model);
    }
}
