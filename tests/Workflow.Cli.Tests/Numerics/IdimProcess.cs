using System.Diagnostics;

namespace Workflow.Cli.Tests.Numerics;

/// <summary>
/// Runs <c>idim</c> as a child process with a chosen environment: the numerics tests need processes of their own,
/// because libtorch fixes its kernels and thread pool when it loads (once per process).
/// </summary>
internal static class IdimProcess
{
    /// <summary>The variables that steer kernel choice and threads; cleared in the child unless a test sets them.</summary>
    public static readonly string[] NumericsVariables =
    [
        "ATEN_CPU_CAPABILITY", "MKL_CBWR", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA",
        "OMP_NUM_THREADS", "MKL_NUM_THREADS", "DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_MaxVectorTBitWidth", "DOTNET_PreferredVectorBitWidth",
    ];

    /// <summary>Runs <c>idim <paramref name="args"/></c>; fails the test with its output unless it exits 0. Returns stdout.</summary>
    public static string Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "idim.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // This test process pinned its own kernels (PortableNumericsSetup), which a child would inherit.
        foreach (string name in NumericsVariables) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a performance limit.
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"idim {string.Join(' ', args)} did not finish within 15 minutes.");
        }
        Assert.True(process.ExitCode == 0, $"idim {string.Join(' ', args)} exited {process.ExitCode}\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
