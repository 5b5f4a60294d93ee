using TorchSharp;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Should_LoadLibTorch_When_TestsRunOnThisMachine()
    {
        TorchRuntimeReport report = TorchRuntime.Probe();
        Assert.True(report.Loaded, report.LoadError);
        Assert.DoesNotContain("NOT applied", report.FixUpState);
    }

    [Fact]
    public void Should_MultiplyMatrices_When_GivenKnownValues()
    {
        TorchRuntime.EnsureLoaded();
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]] (by hand).
        using var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        using var c = matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Should_ResolveCpu_When_DeviceIsCpu()
    {
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu").type);
        Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve("tpu"));
    }
}
