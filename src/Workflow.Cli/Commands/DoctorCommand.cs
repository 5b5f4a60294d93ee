using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Workflow.Core.Paths;
using Workflow.Torch.Hub;
using Workflow.Torch.Runtime;

namespace Workflow.Cli.Commands;

/// <summary><c>idim doctor</c>: is this machine ready? .NET, TorchSharp, libtorch, devices, the native fix-up.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor",
            "Check the installation: .NET, TorchSharp and libtorch versions, visible devices, whether the native " +
            "library loads and whether the Debian 12 libstdc++ fix-up was applied. Exits 1 when TorchSharp cannot load.");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        TorchRuntimeReport report = TorchRuntime.Probe();
        var output = Console.Out;
        output.WriteLine($"idim            {typeof(DoctorCommand).Assembly.GetName().Version?.ToString(3)}");
        output.WriteLine($".NET            {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        output.WriteLine($"OS              {RuntimeInformation.OSDescription}");
        output.WriteLine($"TorchSharp      {report.TorchSharpVersion} (backend: {report.Backend})");
        output.WriteLine($"libtorch        {report.LibTorchVersion}");
        output.WriteLine($"native library  {(report.Loaded ? "loaded" : "FAILED to load")}{(report.NativeLibraryPath is null ? "" : " from " + report.NativeLibraryPath)}");
        output.WriteLine($"libstdc++ fix   {report.FixUpState}");
        output.WriteLine($"CPU threads     {report.CpuThreads} (of {Environment.ProcessorCount} logical processors)");
        output.WriteLine($"CUDA            {(report.CudaAvailable ? $"yes, {report.CudaDevices} device(s)" : "no")}");
        output.WriteLine($"artifacts       {ArtifactsFolder.Resolve()}");
        WriteHub(output);
        if (report.Loaded) return 0;

        Console.Error.WriteLine();
        Console.Error.WriteLine("error: TorchSharp could not load its native library: " + report.LoadError);
        Console.Error.WriteLine("What to do: build with `dotnet build` (the build marks GLIBCXX_3.4.32 as weak in libLibTorchSharp.so " +
                                "for Debian 12), or install a libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer).");
        return 1;
    }

    /// <summary>The Hub settings as huggingface_hub would read them; whether a token is set, never the token.</summary>
    private static void WriteHub(TextWriter output)
    {
        try
        {
            HubOptions hub = HubOptions.FromEnvironment();
            output.WriteLine($"Hub endpoint    {hub.Endpoint}{(hub.Offline ? " (HF_HUB_OFFLINE: cache only)" : "")}");
            output.WriteLine($"Hub cache       {hub.CacheDirectory}{(Directory.Exists(hub.CacheDirectory) ? "" : " (not created yet)")}");
            output.WriteLine($"Hub token       {(hub.Token is null ? "not set (public repos only; set HF_TOKEN for gated or private ones)" : "set")}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Hub time-outs   {hub.EtagTimeout.TotalSeconds:0.#} s per request (HF_HUB_ETAG_TIMEOUT), {hub.Download.ReadTimeout.TotalSeconds:0.#} s per read (HF_HUB_DOWNLOAD_TIMEOUT), {hub.Download.MaxAttempts} attempts"));
        }
        catch (HubException e)
        {
            output.WriteLine($"Hub             misconfigured: {e.Message}");
        }
    }
}
