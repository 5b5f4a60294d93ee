using Workflow.Pipeline.Slurm;

namespace Workflow.Cli.Tests.Slurm;

/// <summary>Parsing what Slurm 22.05 (Debian bookworm's slurm-wlm) printed on the local cluster.</summary>
public sealed class SlurmOutputParserTests
{
    [Theory]
    [InlineData("4\n", "4")]
    [InlineData("1234;cluster-a\n", "1234")]
    public void Should_ReadTheJobId_When_SbatchIsParsable(string output, string expected) =>
        Assert.Equal(expected, SlurmOutputParser.JobId(output));

    [Fact]
    public void Should_Refuse_When_SbatchPrintsNoJobId() =>
        Assert.Throws<InvalidDataException>(() => SlurmOutputParser.JobId("sbatch: error: invalid partition\n"));

    [Fact]
    public void Should_GiveOneStatePerTask_When_ArrayTasksHaveStarted()
    {
        // Captured with `scontrol show job -o 4` after the tasks ran (trimmed after the fields used).
        const string output = """
            JobId=6 ArrayJobId=4 ArrayTaskId=2 JobName=idim-demo-embed UserId=root(0) JobState=RUNNING Reason=None Dependency=(null)
            JobId=5 ArrayJobId=4 ArrayTaskId=1 JobName=idim-demo-embed UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null)
            JobId=4 ArrayJobId=4 ArrayTaskId=0 JobName=idim-demo-embed UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null)
            """;

        var states = SlurmOutputParser.Scontrol(output, "4").OrderBy(s => s.Task).ToList();

        Assert.Equal([0, 1, 2], states.Select(s => s.Task));
        Assert.Equal([SlurmPhase.Failed, SlurmPhase.Done, SlurmPhase.Running], states.Select(s => s.Phase));
        Assert.Equal("NonZeroExitCode", states[0].Reason);
    }

    [Fact]
    public void Should_ExpandTheRange_When_TheWholeArrayIsStillPending()
    {
        const string output = "JobId=7 ArrayJobId=7 ArrayTaskId=0-2,5%2 JobName=idim-demo-twonn JobState=PENDING Reason=Dependency Dependency=afterok:4_*(unfulfilled)\n";

        var states = SlurmOutputParser.Scontrol(output, "7");

        Assert.Equal([0, 1, 2, 5], states.Select(s => s.Task));
        Assert.All(states, s => Assert.Equal(SlurmPhase.Pending, s.Phase));
    }

    [Fact]
    public void Should_CountAsFailed_When_ADependencyCanNeverBeSatisfied()
    {
        var state = new SlurmTaskState("9", 0, "PENDING", "DependencyNeverSatisfied");
        Assert.Equal(SlurmPhase.Failed, state.Phase);
    }

    [Theory]
    [InlineData("CANCELLED")]
    [InlineData("NODE_FAIL")]
    [InlineData("TIMEOUT")]
    [InlineData("OUT_OF_MEMORY")]
    [InlineData("PREEMPTED")]
    public void Should_CountAsFailed_When_TheClusterEndedTheTask(string state) =>
        Assert.Equal(SlurmPhase.Failed, new SlurmTaskState("9", 0, state, null).Phase);

    [Fact]
    public void Should_ReadArrayTasks_When_OnlySacctKnowsTheJob()
    {
        const string output = "12_0|COMPLETED\n12_1|CANCELLED by 0\n13_0|COMPLETED\n";

        var states = SlurmOutputParser.Sacct(output, "12");

        Assert.Equal([(0, SlurmPhase.Done), (1, SlurmPhase.Failed)], states.Select(s => (s.Task, s.Phase)));
    }
}
