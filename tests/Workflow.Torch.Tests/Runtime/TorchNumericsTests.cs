using Workflow.Core.Numerics;
using Workflow.Torch.Runtime;

namespace Workflow.Torch.Tests.Runtime;

public class TorchNumericsTests
{
    [Fact]
    public void Should_ReachNativeGetenv_When_SettingAVariable()
    {
        // .NET's own Environment.SetEnvironmentVariable does not change what C code reads on Linux; ours must.
        string name = "IDIM_TEST_NATIVE_" + Guid.NewGuid().ToString("N");
        NativeEnvironment.Set(name, "pinned");
        Assert.Equal("pinned", NativeEnvironment.Get(name));
        Assert.Equal("pinned", Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void Should_PinAtenMklAndOneDnnToAvx2_When_PortableModeIsConfigured()
    {
        TorchRuntime.EnsureLoaded();
        Assert.Equal(NumericsMode.Portable, TorchNumerics.Mode);
        Assert.Equal("avx2", NativeEnvironment.Get("ATEN_CPU_CAPABILITY"));
        Assert.Equal("AVX2,STRICT", NativeEnvironment.Get("MKL_CBWR"));
        Assert.Equal("AVX2", NativeEnvironment.Get("ONEDNN_MAX_CPU_ISA"));
    }

    [Fact]
    public void Should_RefuseToSwitchMode_When_LibTorchIsLoaded()
    {
        TorchRuntime.EnsureLoaded();
        var error = Assert.Throws<InvalidOperationException>(() => TorchNumerics.Configure(NumericsMode.Fast));
        Assert.Contains("already loaded", error.Message);
        TorchNumerics.Configure(NumericsMode.Portable); // the same mode again is fine
    }

    [Fact]
    public void Should_DescribeModeMachineAndLibraries_When_Asked()
    {
        var info = TorchNumerics.Describe();
        Assert.Equal("portable", info.Mode);
        Assert.Equal(TorchNumerics.PortableVariables, info.Kernels);
        Assert.True(info.Threads >= 1);
        Assert.Matches(@"^\d+\.\d+", info.LibTorchVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+$", info.TorchSharpVersion);
        // MKL is linked into libtorch_cpu and names itself, e.g. "Intel(R) oneAPI Math Kernel Library Version 2024.2 …".
        Assert.Contains("Math Kernel Library", info.MklVersion);
        Assert.Contains("portable (ATEN_CPU_CAPABILITY=avx2, MKL_CBWR=AVX2,STRICT, ONEDNN_MAX_CPU_ISA=AVX2)", info.DescribeMode());
    }
}
