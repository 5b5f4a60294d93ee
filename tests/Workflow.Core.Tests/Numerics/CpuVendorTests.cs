using Workflow.Core.Numerics;

namespace Workflow.Core.Tests.Numerics;

public class CpuVendorTests
{
    [Theory]
    [InlineData("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\n", "AuthenticAMD")]
    [InlineData("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\nvendor_id\t: Other\n", "GenuineIntel")]
    public void Should_ReadTheFirstVendorId_When_ParsingProcCpuInfo(string text, string expected) =>
        Assert.Equal(expected, CpuVendor.Parse(text));

    [Fact]
    public void Should_ReturnNull_When_TheTextHasNoVendor() => Assert.Null(CpuVendor.Parse("processor : 0\n"));
}
