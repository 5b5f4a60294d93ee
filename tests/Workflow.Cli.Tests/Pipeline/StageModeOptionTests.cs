using Workflow.Core;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Probe #9: file-mode options given in stage mode were silently ignored (rc 0, "up to date"). They are errors now
/// that say where the setting lives; and a stage run out of order names the stage actually missing.
/// </summary>
public sealed class StageModeOptionTests : IDisposable
{
    private readonly PipelineWorkspace _workspace = new("modes");

    public void Dispose() => _workspace.Dispose();

    private (int Code, string Output, string Error) Stage(params string[] args) =>
        CliRunner.Run([.. args, "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts]);

    [Theory]
    [InlineData("twonn", "--estimator", "mle", "twonn.estimator")]
    [InlineData("twonn", "--bootstrap", "5", "twonn.bootstrap")]
    [InlineData("twonn", "--discard-fraction", "0.3", "twonn.discard_fraction")]
    [InlineData("correlate", "--summary", "max", "correlation.summary")]
    public void Should_SayWhereTheSettingLives_When_AFileModeOptionIsGivenWithAnExperiment(string command, string option, string value, string field)
    {
        var (code, output, error) = Stage(command, option, value);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains($"{option} cannot be used with --experiment; set {field}", error);
        Assert.DoesNotContain("up to date", output);
    }

    [Fact]
    public void Should_Refuse_When_ReportGetsADateOrTwoNnAFileInStageMode()
    {
        string matrix = Path.Combine(_workspace.Root, "points.npy");
        File.WriteAllText(matrix, "");

        var report = Stage("report", "--date", "2020-01-01T00:00:00Z");
        var twonn = Stage("twonn", matrix);

        Assert.Equal(ExitCodes.UserError, report.Code);
        Assert.Contains("--date cannot be used with --experiment", report.Error);
        Assert.Equal(ExitCodes.UserError, twonn.Code);
        Assert.Contains("not both", twonn.Error);
    }

    [Fact]
    public void Should_Refuse_When_AStageOptionIsGivenWithoutAnExperiment()
    {
        var (code, _, error) = CliRunner.Run("correlate", "--twonn", "x.csv", "--output", _workspace.Root, "--force");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--force works only with --experiment", error);
    }

    [Theory]
    [InlineData("embed", "waits for the Data stage")]
    [InlineData("twonn", "waits for the Data stage")]
    [InlineData("correlate", "waits for the Data stage")]
    [InlineData("report", "waits for the Correlate stage")]
    public void Should_AdviseTheDataStage_When_ItHasNotRun(string command, string reason)
    {
        var (code, _, error) = Stage(command);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(reason, error);
        // The advice names the first stage that can run (it used to say "Run the Embed stage first").
        Assert.Contains("Run `idim data --experiment", error);
    }
}
