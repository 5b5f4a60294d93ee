using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Cache;
using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// <c>--unit</c> and the lock per unit (design.md §8): one model is embedded alone; separate processes embed two models
/// of one experiment at once without waiting on each other; a unit that is being produced blocks only what reads it.
/// </summary>
public sealed class UnitRunTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly PipelineWorkspace _workspace = new("units");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Should_EmbedThatModelAlone_When_AUnitIsGiven()
    {
        _workspace.Run("data");

        string output = _workspace.Run("embed", "--unit", "beit");

        Assert.Contains("Embed[beit]: done", output);
        Assert.DoesNotContain("Embed[vit]", output);
        Assert.True(File.Exists(_workspace.PathOf(".stages/embed/beit.json")));
        Assert.False(File.Exists(_workspace.PathOf(".stages/embed/vit.json")));
        Assert.False(Directory.Exists(_workspace.PathOf("embeddings/vit")));
        Assert.Contains("Embed[vit]: stale", _workspace.Run("plan"));
    }

    [Fact]
    public void Should_ListTheUnits_When_AnUnknownUnitIsGiven()
    {
        _workspace.Run("data");

        var (code, _, error) = CliRunner.Run("embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts, "--unit", "nope");
        var (single, _, singleError) = CliRunner.Run("data", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts, "--unit", "x");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("no unit 'nope'. Its units: vit, beit", error);
        Assert.Equal(ExitCodes.UserError, single);
        Assert.Contains("single unit", singleError);
    }

    [Fact]
    public void Should_NotWaitForAnotherModel_When_ThatModelsUnitIsLocked()
    {
        _workspace.Run("data");
        using var held = FileLock.Exclusive(Path.Combine(_workspace.Folder, ".locks", "embed", "vit.lock"), "test", wait: false);

        var (other, otherOutput, otherError) = CliRunner.Run("embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts,
            "--unit", "beit", "--no-wait");
        var (same, _, sameError) = CliRunner.Run("embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts,
            "--unit", "vit", "--no-wait");

        Assert.True(other == 0, otherOutput + otherError);
        Assert.Equal(ExitCodes.Busy, same);
        Assert.Contains("Another idim run is using Embed[vit]", sameError);
    }

    [Fact]
    public void Should_WaitForItsInput_When_AnUpstreamUnitIsBeingProduced()
    {
        _workspace.Run("data");
        using var held = FileLock.Exclusive(Path.Combine(_workspace.Folder, ".locks", "data.lock"), "test", wait: false);

        var (code, _, error) = CliRunner.Run("embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts, "--unit", "vit", "--no-wait");

        Assert.Equal(ExitCodes.Busy, code);
        Assert.Contains("Another idim run is using Data", error);
    }

    [Fact]
    public void Should_EmbedTwoModelsAtOnce_When_TwoProcessesEachTakeOneUnit()
    {
        // Enough images that each embed lasts seconds, so the two runs overlap when nothing serialises them.
        _workspace.WriteExperiment(100, PipelineWorkspace.DefaultModels, "estimator: fit");
        _workspace.Run("data");
        string[] Args(string unit) => ["embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts, "--unit", unit];

        using var vit = ChildIdim.Start(Args("vit"));
        using var beit = ChildIdim.Start(Args("beit"));
        var a = vit.Wait(Patience);
        var b = beit.Wait(Patience);

        Assert.True(a.Code == 0, a.Output + a.Error);
        Assert.True(b.Code == 0, b.Output + b.Error);
        Assert.DoesNotContain("waiting", a.Error + b.Error);
        var vitRecord = Record("embed/vit.json");
        var beitRecord = Record("embed/beit.json");
        // The two units were produced at the same time: each started before the other finished.
        Assert.True(vitRecord.StartedUtc < beitRecord.FinishedUtc && beitRecord.StartedUtc < vitRecord.FinishedUtc,
            $"vit {vitRecord.StartedUtc:O}..{vitRecord.FinishedUtc:O}, beit {beitRecord.StartedUtc:O}..{beitRecord.FinishedUtc:O}");
        Assert.Contains("Embed[vit]: up to date", _workspace.Run("plan"));
    }

    [Fact]
    public void Should_SweepOnlyThatUnitsLeftovers_When_AUnitRuns()
    {
        _workspace.Run("data");
        _workspace.Run("embed");
        string vitStaging = _workspace.PathOf(".Embed+vit.123.0123456789abcdef0123456789abcdef.partial");
        string beitStaging = _workspace.PathOf(".Embed+beit.123.0123456789abcdef0123456789abcdef.partial");
        string vitFile = _workspace.PathOf("embeddings/vit/.layer_00.parquet.123.0123456789abcdef0123456789abcdef.partial");
        Directory.CreateDirectory(vitStaging);
        Directory.CreateDirectory(beitStaging);
        File.WriteAllText(vitFile, "half");

        _workspace.Run("embed", "--unit", "vit");

        Assert.False(Directory.Exists(vitStaging));
        Assert.False(File.Exists(vitFile));
        Assert.True(Directory.Exists(beitStaging));
    }

    private StageRecord Record(string relative) =>
        JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(_workspace.PathOf(".stages/" + relative)))!;
}
