using Workflow.Pipeline;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// The offline view of a Hub model: hashes come from the standard Hub cache layout (refs → commit → snapshot
/// symlinks → blobs/&lt;etag&gt;) without the network, and a missing model says so instead of failing.
/// </summary>
public sealed class ModelLocatorTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("idim-hub-cache").FullName;
    private readonly string? _previous = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
    private readonly PipelineWorkspace _workspace = new();

    public ModelLocatorTests() => Environment.SetEnvironmentVariable("HF_HUB_CACHE", _cache);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", _previous);
        Directory.Delete(_cache, true);
        _workspace.Dispose();
    }

    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string WeightsEtag = "a3f1d9c0b8e7a6f5d4c3b2a1909f8e7d6c5b4a3928171615141312111009f8e7";
    private const string ConfigEtag = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

    private static StageContext Context(PipelineWorkspace workspace) =>
        StageContext.Create(new StageSettings(workspace.Experiment, false, false, true, null, workspace.Artifacts));

    [Fact]
    public void Should_HashFromEtags_When_TheSnapshotIsCached()
    {
        string repo = Path.Combine(_cache, "models--google--vit-base-patch16-224");
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), Commit);
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        string snapshot = Directory.CreateDirectory(Path.Combine(repo, "snapshots", Commit)).FullName;
        foreach (var (file, etag) in new[] { ("config.json", ConfigEtag), ("model.safetensors", WeightsEtag) })
        {
            File.WriteAllText(Path.Combine(repo, "blobs", etag), file);
            File.CreateSymbolicLink(Path.Combine(snapshot, file), Path.Combine("..", "..", "blobs", etag));
        }

        var weights = ModelLocator.WeightsOffline(Context(_workspace), new ModelConfig("vit", "google/vit-base-patch16-224", null, null, null));

        Assert.Null(weights.UnknownBecause);
        Assert.Equal(new Dictionary<string, string> { ["config.json"] = "etag:" + ConfigEtag, ["model.safetensors"] = "etag:" + WeightsEtag }, weights.Hashes);
    }

    [Fact]
    public void Should_SayEmbedWillDownload_When_TheModelIsNotCached()
    {
        var weights = ModelLocator.WeightsOffline(Context(_workspace), new ModelConfig("vit", "google/vit-base-patch16-224", "refs/pr/2", null, null));

        Assert.Null(weights.Hashes);
        Assert.Contains("google/vit-base-patch16-224@refs/pr/2 is not in the Hugging Face cache", weights.UnknownBecause);
    }

    [Fact]
    public void Should_ListStaleStagesOffline_When_PlanningThePosterExperiment()
    {
        string cifar10 = Path.Combine(Workflow.Core.Paths.ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)!, "experiments", "cifar10.yaml");

        var (code, output, _) = CliRunner.Run("plan", "--experiment", cifar10, "--artifacts", _workspace.Artifacts);

        Assert.Equal(0, code);
        Assert.Contains("Data: stale (never completed (no stage record))", output);
        Assert.Equal(9, output.Split('\n').Count(l => l.Contains("Embed[") && l.Contains("stale")));
        Assert.Contains("Stale stages: Data, Embed, TwoNN, Correlate, Report.", output);
    }
}
