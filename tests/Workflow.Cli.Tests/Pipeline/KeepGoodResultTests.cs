using System.Text.Json.Nodes;
using Workflow.Core;
using Workflow.Core.Cache;
using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Issue 11 item 6: a forced or failed run never destroys a good result. Outputs are staged and moved into place only
/// when the producer has finished; preconditions (the device) are checked before anything is touched.
/// </summary>
public sealed class KeepGoodResultTests : IDisposable
{
    private readonly PipelineWorkspace _workspace = new("keep");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Should_KeepThePreviousOutputsAndRecord_When_AForcedRunFailsHalfway()
    {
        var context = Context(force: false);
        var stage = new WritingStage("one", failAfterWriting: false);
        UnitRunner.RunUnit(context, new PipelineGraph([stage]), stage, null);
        string record = File.ReadAllText(_workspace.PathOf(".stages/writing.json"));

        var failing = new WritingStage("two", failAfterWriting: true);
        Assert.Throws<IOException>(() => UnitRunner.RunUnit(Context(force: true), new PipelineGraph([failing]), failing, null));

        Assert.Equal("one", File.ReadAllText(_workspace.PathOf("first.txt")));
        Assert.Equal("one", File.ReadAllText(_workspace.PathOf("second.txt")));
        Assert.Equal(record, File.ReadAllText(_workspace.PathOf(".stages/writing.json")));
        Assert.True(context.Cache.Check(stage.Key(null), stage.Inputs, verify: true).UpToDate);
        Assert.Empty(Directory.GetFileSystemEntries(_workspace.Folder, ".*.partial"));
    }

    [Fact]
    public void Should_ReplaceEveryOutput_When_AForcedRunSucceeds()
    {
        var first = new WritingStage("one", failAfterWriting: false);
        UnitRunner.RunUnit(Context(force: false), new PipelineGraph([first]), first, null);
        var second = new WritingStage("two", failAfterWriting: false);

        UnitRunner.RunUnit(Context(force: true), new PipelineGraph([second]), second, null);

        Assert.Equal("two", File.ReadAllText(_workspace.PathOf("first.txt")));
        Assert.Equal("two", File.ReadAllText(_workspace.PathOf("second.txt")));
    }

    [SkippableFact]
    public void Should_LeaveTheEmbeddingsValid_When_AForcedEmbedAsksForAMissingDevice()
    {
        Skip.If(Workflow.Torch.Runtime.TorchRuntime.Probe().CudaAvailable, "this machine has a CUDA device");
        _workspace.Run("data");
        _workspace.Run("embed", "--unit", "vit");
        var before = _workspace.Finished();

        var (code, _, error) = CliRunner.Run("embed", "--experiment", _workspace.Experiment, "--artifacts", _workspace.Artifacts,
            "--unit", "vit", "--force", "--device", "cuda");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--device cuda", error);
        Assert.DoesNotContain("(Parameter", error);
        Assert.Equal(before, _workspace.Finished());
        Assert.Contains("Embed[vit]: up to date", _workspace.Run("plan"));
    }

    private StageContext Context(bool force) =>
        StageContext.Create(new StageSettings(_workspace.Experiment, force, Verify: false, Wait: false, Device: null, _workspace.Artifacts));

    /// <summary>A stage that writes <c>first.txt</c> and <c>second.txt</c> with the given text, and can fail between the two.</summary>
    private sealed class WritingStage(string text, bool failAfterWriting) : Stage
    {
        public StageInputs Inputs { get; } = new("writing/1", new JsonObject(), new Dictionary<string, string>());
        public override string Name => "Writing";
        public override string Description => "test stage";
        public override IReadOnlyList<string> DependsOn => [];
        public override StageUnit Plan(StageContext context, string? unit) => new(Key(unit), Inputs);
        public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => ["first.txt", "second.txt"];

        public override UnitWork Prepare(StageContext context, string? unit) => new(Plan(context, unit), outputs =>
        {
            string first = outputs.PathOf("first.txt");
            AtomicFile.WriteAllText(first, text);
            if (failAfterWriting) throw new IOException("disk full (simulated)");
            string second = outputs.PathOf("second.txt");
            AtomicFile.WriteAllText(second, text);
            return [first, second];
        });
    }
}
