using System.Diagnostics;

namespace Workflow.Cli.Tests.Slurm;

/// <summary>
/// The one-node cluster of <c>build/slurm/local-cluster.sh</c> (the Cake Test task starts it before the tests; CI
/// installs slurm-wlm and munge through it). Tests that need it skip with the reason when it cannot be had.
/// </summary>
internal static class LocalSlurmCluster
{
    private static readonly Lazy<string?> Unavailable = new(Start);

    /// <summary>Null when the cluster answers; otherwise why not (for Skip).</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    private static string? Start()
    {
        string? script = FindScript();
        if (script is null) return "build/slurm/local-cluster.sh not found above the test folder";
        var (code, output) = Bash(script, "status");
        if (code == 0) return null;
        (code, output) = Bash(script, "start"); // installs the Debian packages when root and missing
        return code == 0 ? null : $"the local Slurm cluster could not be started: {output.Trim()}";
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "build", "slurm", "local-cluster.sh");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static (int, string) Bash(string script, string verb)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return (process.HasExited ? process.ExitCode : -1, stdout.Result + stderr.Result);
    }
}
