using System.Diagnostics;
using System.Text.RegularExpressions;
using Workflow.Cli.Tests.Pipeline;

namespace Workflow.Cli.Tests.Slurm;

/// <summary>
/// Issue 15's acceptance against a real Slurm (the local cluster): the demo-like experiment through sbatch job arrays
/// gives the same files as a local run; a rerun submits nothing; deleting one model's embeddings submits exactly one
/// Embed task plus what depends on it; a scancelled task leaves nothing that looks complete and is resubmitted.
/// </summary>
public sealed partial class SlurmEndToEndTests
{
    private static readonly string[] Compared = ["twonn.csv", "correlation.json", "embeddings/vit/layer_04.parquet", "embeddings/beit/layer_02.parquet"];

    [SkippableFact]
    public void Should_MatchTheLocalRunAndResubmitOnlyWhatIsStale_When_RunThroughSlurm()
    {
        string? unavailable = LocalSlurmCluster.WhyUnavailable;
        Skip.If(unavailable is not null, unavailable);
        using var local = new PipelineWorkspace("slurm-e2e");
        using var cluster = new PipelineWorkspace("slurm-e2e");
        local.RunAll();

        string first = Idim(cluster, "run", "--executor", "slurm", "--slurm-poll", "0.5");

        Assert.Matches(@"submitted Embed as job \d+ \(2 tasks: vit, beit\)", first);
        foreach (string stage in new[] { "TwoNN", "Correlate", "Report" }) Assert.Matches($@"submitted {stage} as job \d+ \(1 task", first);
        foreach (string file in Compared)
            Assert.True(File.ReadAllBytes(local.PathOf(file)).SequenceEqual(File.ReadAllBytes(cluster.PathOf(file))), $"{file} differs from the local run's");
        // The logs are where docs/slurm.md says, one per array task, and Slurm itself knows the jobs.
        string embedJob = JobIdOf(first, "Embed");
        Assert.True(File.Exists(cluster.PathOf($"logs/embed-{embedJob}_0.log")), "no log for Embed task 0");
        Assert.Contains("Embed[vit]: done", File.ReadAllText(cluster.PathOf($"logs/embed-{embedJob}_0.log")));
        Assert.Contains("JobState=COMPLETED", Run("scontrol", "show", "job", embedJob).Output);

        Assert.Contains("nothing to submit", Idim(cluster, "run", "--executor", "slurm"));

        Directory.Delete(cluster.PathOf("embeddings/vit"), recursive: true);
        string again = Idim(cluster, "run", "--executor", "slurm", "--slurm-poll", "0.5");
        Assert.Matches(@"submitted Embed as job \d+ \(1 task: vit\)", again);
        Assert.Equal(4, SubmittedRegex().Matches(again).Count); // Embed[vit], TwoNN, Correlate, Report
        Assert.True(File.ReadAllBytes(local.PathOf("twonn.csv")).SequenceEqual(File.ReadAllBytes(cluster.PathOf("twonn.csv"))));

        // scancel mid-way: submit detached, cancel the Embed array, and nothing of beit may look complete.
        Directory.Delete(cluster.PathOf("embeddings/beit"), recursive: true);
        string detached = Idim(cluster, "run", "--executor", "slurm", "--detach");
        string beitJob = JobIdOf(detached, "Embed");
        Run("scancel", beitJob);
        WaitUntilGone(beitJob);
        Assert.Contains("Embed[beit]: stale", cluster.Run("plan")); // whether it was cancelled pending or running
        string resubmitted = Idim(cluster, "run", "--executor", "slurm", "--slurm-poll", "0.5");
        Assert.Matches(@"submitted Embed as job \d+ \(1 task: beit\)", resubmitted);
        Assert.True(File.ReadAllBytes(local.PathOf("correlation.json")).SequenceEqual(File.ReadAllBytes(cluster.PathOf("correlation.json"))));
    }

    [SkippableFact]
    public void Should_GiveTheLocalBuildsFilesAndTables_When_BuildShRunsWithExecutorSlurm()
    {
        string? unavailable = LocalSlurmCluster.WhyUnavailable;
        Skip.If(unavailable is not null, unavailable);
        using var workspace = new PipelineWorkspace("slurm-cake", perClass: 10);
        string local = Path.Combine(workspace.Root, "local"), cluster = Path.Combine(workspace.Root, "cluster");
        var environment = (string artifacts) => new Dictionary<string, string> { ["IDIM_ARTIFACTS"] = artifacts, ["SOURCE_DATE_EPOCH"] = "1700000000" };

        var localRun = Workflow.Cli.Tests.Build.BuildScript.Run(workspace.Root, environment(local), ["--experiment=slurm-cake.yaml"], minutes: 10);
        var slurmRun = Workflow.Cli.Tests.Build.BuildScript.Run(workspace.Root, environment(cluster), ["--experiment=slurm-cake.yaml", "--executor=slurm"], minutes: 10);
        var rerun = Workflow.Cli.Tests.Build.BuildScript.Run(workspace.Root, environment(cluster), ["--experiment=slurm-cake.yaml", "--executor=slurm"], minutes: 10);

        Assert.True(localRun.Code == 0, localRun.Output);
        Assert.True(slurmRun.Code == 0, slurmRun.Output);
        Assert.Matches(@"submitted Embed as job \d+ \(2 tasks: vit, beit\)", slurmRun.Output);
        Assert.Contains("JobState=COMPLETED", Run("scontrol", "show", "job", JobIdOf(slurmRun.Output, "Report")).Output);
        foreach (string file in new[] { "twonn.csv", "correlation.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(local, "slurm-cake", file)).SequenceEqual(File.ReadAllBytes(Path.Combine(cluster, "slurm-cake", file))),
                $"{file} differs between ./build.sh and ./build.sh --executor=slurm");
        Assert.Equal(ReportTables(Path.Combine(local, "slurm-cake")), ReportTables(Path.Combine(cluster, "slurm-cake")));
        Assert.True(rerun.Code == 0, rerun.Output);
        Assert.Contains("nothing to submit", rerun.Output);
    }

    /// <summary>The report's table rows, without the one that names where (and on how many threads) the embeddings ran.</summary>
    private static string[] ReportTables(string folder) => File.ReadAllLines(Path.Combine(folder, "report", "report.md"))
        .Where(line => line.StartsWith('|') && !line.StartsWith("| Embedded on |", StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"slurm: submitted \w+ as job \d+")]
    private static partial Regex SubmittedRegex();

    private static string JobIdOf(string output, string stage) =>
        Regex.Match(output, $@"submitted {stage} as job (\d+)").Groups[1].Value is { Length: > 0 } id ? id
            : throw new Xunit.Sdk.XunitException($"no {stage} job in:\n{output}");

    /// <summary>Runs idim as its own process (as the Slurm tasks do), so the tasks are given this build's idim.dll.</summary>
    private static string Idim(PipelineWorkspace workspace, params string[] args)
    {
        var (code, output) = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "idim.dll"), .. args, "--experiment", workspace.Experiment, "--artifacts", workspace.Artifacts]);
        Assert.True(code == 0, $"idim {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }

    private static void WaitUntilGone(string jobId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (!Run("squeue", "-h", "-j", jobId).Output.Contains(jobId, StringComparison.Ordinal)) return;
            Thread.Sleep(250);
        }
        throw new Xunit.Sdk.XunitException($"job {jobId} still queued 2 minutes after scancel");
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
