using Workflow.Pipeline.Slurm;

namespace Workflow.Cli.Tests.Slurm;

/// <summary>The submitting command's wait loop, against a scripted Slurm (states change from poll to poll).</summary>
public sealed class SlurmMonitorTests
{
    private static SubmittedJob Job(string id, params string[] units) =>
        new(id, new SbatchJob("Embed", units, ["idim"], [], UsesGpu: false), "/logs");

    [Fact]
    public void Should_PrintEachChangeOfCountsOnce_When_TasksComplete()
    {
        var polls = new Queue<string>([
            "JobId=1 ArrayJobId=1 ArrayTaskId=0-1 JobState=PENDING Reason=Priority",
            "JobId=1 ArrayJobId=1 ArrayTaskId=0-1 JobState=PENDING Reason=Priority",
            "JobId=2 ArrayJobId=1 ArrayTaskId=1 JobState=RUNNING Reason=None\nJobId=1 ArrayJobId=1 ArrayTaskId=0 JobState=COMPLETED Reason=None",
            "JobId=2 ArrayJobId=1 ArrayTaskId=1 JobState=COMPLETED Reason=None\nJobId=1 ArrayJobId=1 ArrayTaskId=0 JobState=COMPLETED Reason=None",
        ]);
        var cancelled = new List<string>();
        var client = new SlurmClient((program, args) => program switch
        {
            "scontrol" => (0, polls.Dequeue(), ""),
            "scancel" => Cancel(cancelled, args),
            _ => (1, "", "unexpected"),
        });
        var output = new StringWriter();

        var outcome = new SlurmMonitor(client, output, TimeSpan.Zero).Wait([Job("1", "vit", "beit")]);

        Assert.True(outcome.Succeeded);
        Assert.Empty(cancelled);
        Assert.Equal([
            "slurm: 2 tasks — pending 2, running 0, done 0, failed 0",
            "slurm: 2 tasks — pending 0, running 1, done 1, failed 0",
            "slurm: 2 tasks — pending 0, running 0, done 2, failed 0",
        ], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Should_CancelTheRestAndReportTheTask_When_OneFails()
    {
        var cancelled = new List<string>();
        var client = new SlurmClient((program, args) => program switch
        {
            "scontrol" when args[^1] == "1" => (0, "JobId=1 ArrayJobId=1 ArrayTaskId=0 JobState=NODE_FAIL Reason=NodeDown", ""),
            "scontrol" => (0, "JobId=2 ArrayJobId=2 ArrayTaskId=0 JobState=PENDING Reason=Dependency", ""),
            "scancel" => Cancel(cancelled, args),
            _ => (1, "", ""),
        });

        var outcome = new SlurmMonitor(client, TextWriter.Null, TimeSpan.Zero).Wait([Job("1", "vit"), Job("2", "TwoNN")]);

        Assert.False(outcome.Succeeded);
        var (job, task) = Assert.Single(outcome.Failed);
        Assert.Equal(("1", "vit", "NODE_FAIL"), (job.JobId, job.UnitOf(task.Task), task.State));
        Assert.Equal(["1", "2"], cancelled);
    }

    [Fact]
    public void Should_CountAsPending_When_SlurmNoLongerKnowsTheJob()
    {
        int polls = 0;
        var client = new SlurmClient((program, _) =>
        {
            if (program == "scontrol" && polls++ == 0) return (1, "", "slurm_load_jobs error: Invalid job id specified");
            if (program == "sacct") return (1, "", "Slurm accounting storage is disabled");
            return (0, "JobId=1 ArrayJobId=1 ArrayTaskId=0 JobState=COMPLETED Reason=None", "");
        });
        var output = new StringWriter();

        Assert.True(new SlurmMonitor(client, output, TimeSpan.Zero).Wait([Job("1", "vit")]).Succeeded);
        Assert.StartsWith("slurm: 1 tasks — pending 1", output.ToString()); // never taken for success before Slurm says so
    }

    private static (int, string, string) Cancel(List<string> cancelled, IReadOnlyList<string> args)
    {
        cancelled.AddRange(args);
        return (0, "", "");
    }
}
