namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// The incremental cases of issue 6: each stage decides from its record whether to rerun, and only what
/// depends on a change reruns (design.md §5). "Ran" is read from the stage records' finish times.
/// </summary>
public sealed class IncrementalPipelineTests : IDisposable
{
    private readonly PipelineWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static readonly string[] Downstream = ["correlate.json", "report.json", "twonn.json"];

    [Fact]
    public void Should_ReportEveryStageUpToDate_When_NothingChanged()
    {
        _workspace.RunAll();
        var before = _workspace.Finished();

        string output = _workspace.RunAll();

        Assert.Empty(PipelineWorkspace.Reran(before, _workspace.Finished()));
        foreach (string unit in new[] { "Data", "Embed[vit]", "Embed[beit]", "TwoNN", "Correlate", "Report" })
            Assert.Contains($"{unit}: up to date", output);
        Assert.Contains("Everything is up to date.", _workspace.Run("plan"));
    }

    [Fact]
    public void Should_RerunTwoNnAndBelowButNotEmbed_When_ATwoNnSettingChanged()
    {
        _workspace.RunAll();
        var before = _workspace.Finished();
        _workspace.WriteExperiment(20, PipelineWorkspace.DefaultModels, "estimator: mle");

        string plan = _workspace.Run("plan");
        _workspace.RunAll();

        Assert.Contains("TwoNN: stale (setting twonn.estimator changed (\"fit\" → \"mle\"))", plan);
        Assert.Equal(Downstream, PipelineWorkspace.Reran(before, _workspace.Finished()));
        Assert.Contains(",mle,", File.ReadAllText(_workspace.PathOf("twonn.csv")));
    }

    [Fact]
    public void Should_EmbedOnlyTheNewModel_When_AModelIsAdded()
    {
        _workspace.RunAll();
        var before = _workspace.Finished();
        _workspace.WriteExperiment(20, PipelineWorkspace.DefaultModels + "\n  - name: d2v\n    tiny: { family: data2vec-vision, seed: 3 }", "estimator: fit");

        _workspace.RunAll();

        Assert.Equal(["correlate.json", "embed/d2v.json", "report.json", "twonn.json"], PipelineWorkspace.Reran(before, _workspace.Finished()));
        Assert.Contains("\nd2v,", File.ReadAllText(_workspace.PathOf("twonn.csv")));
    }

    [Fact]
    public void Should_ReembedOnlyThatModel_When_OneEmbeddingFileIsDeleted()
    {
        _workspace.RunAll();
        string deleted = _workspace.PathOf("embeddings/beit/layer_02.parquet");
        byte[] original = File.ReadAllBytes(deleted);
        var before = _workspace.Finished();
        File.Delete(deleted);

        string plan = _workspace.Run("plan");
        _workspace.RunAll();

        Assert.Contains("Embed[beit]: stale (output embeddings/beit/layer_02.parquet is missing)", plan);
        Assert.Contains("Embed[vit]: up to date", plan);
        // The recomputed file is byte-identical, so TwoNN and below see unchanged inputs and stay up to date.
        Assert.Equal(["embed/beit.json"], PipelineWorkspace.Reran(before, _workspace.Finished()));
        Assert.Equal(original, File.ReadAllBytes(deleted));
    }

    [Fact]
    public void Should_DetectAndRecompute_When_AnOutputIsEditedByHand()
    {
        _workspace.RunAll();
        string csv = _workspace.PathOf("twonn.csv");
        string original = File.ReadAllText(csv);
        // An edit that keeps size and modification time: only a content hash can see it.
        string edited = original.Replace(",fit,", ",fiT,");
        Assert.NotEqual(original, edited);
        DateTime mtime = File.GetLastWriteTimeUtc(csv);
        File.WriteAllText(csv, edited);
        File.SetLastWriteTimeUtc(csv, mtime);
        var before = _workspace.Finished();

        Assert.Contains("TwoNN: up to date", _workspace.Run("twonn"));
        string verified = _workspace.Run("twonn", "--verify");

        Assert.Contains("output twonn.csv was modified (content hash differs)", verified);
        Assert.Equal(["twonn.json"], PipelineWorkspace.Reran(before, _workspace.Finished()));
        Assert.Equal(original, File.ReadAllText(csv));
    }
}
