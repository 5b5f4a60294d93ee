using System.Text.Json;
using Workflow.Torch.Tests.Hub;
using Workflow.Torch.Tiny;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// A Hub model end to end: the Embed stage downloads it from a loopback Hub (realistic headers, LFS redirect to
/// another host name), records its commit, produces exactly what the same weights give from a local folder, and
/// afterwards decides "up to date" from the Hub cache alone — with the Hub gone.
/// </summary>
public sealed class HubEmbedTests : IDisposable
{
    private const string Repo = "idim-test/tiny-vit";
    private readonly string _cache = Directory.CreateTempSubdirectory("idim-hub-e2e").FullName;
    private readonly Dictionary<string, string?> _saved = new();
    private readonly PipelineWorkspace _workspace = new("hub", perClass: 20, models: $"""
          - name: from-hub
            repo: {Repo}
          - name: from-folder
            tiny: {"{"} family: vit, seed: 1 {"}"}
        """);

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_cache, true);
        _workspace.Dispose();
    }

    private void SetEnvironment(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    [Fact]
    public void Should_EmbedFromTheHubAndStayUpToDateOffline_When_ARepoIsGiven()
    {
        string folder = Path.Combine(_cache, "model");
        TinyCheckpoint.Write(folder, "vit", 1); // the same weights as the experiment's tiny model
        var hub = new FakeHub();
        hub.EverythingElseMissing(Repo);
        // The client resolves main → commit with config.json, then fetches the rest at that commit (as huggingface_hub pins).
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            foreach (string file in new[] { "config.json", "preprocessor_config.json" })
                hub.ServeSmallFile(Repo, at, file, File.ReadAllBytes(Path.Combine(folder, file)));
            hub.ServeLfsFile(Repo, at, "model.safetensors", File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        }
        SetEnvironment("HF_ENDPOINT", hub.Endpoint);
        SetEnvironment("HF_HUB_CACHE", Path.Combine(_cache, "hub"));
        SetEnvironment("HF_TOKEN", null);
        SetEnvironment("HF_HUB_OFFLINE", null);

        _workspace.Run("data");
        _workspace.Run("embed");
        hub.Dispose(); // the Hub is gone from here on

        using var info = JsonDocument.Parse(File.ReadAllText(_workspace.PathOf("embeddings/from-hub/model.json")));
        Assert.Equal(Repo, info.RootElement.GetProperty("repo_id").GetString());
        Assert.Equal(FakeHub.Commit, info.RootElement.GetProperty("commit").GetString());
        // Same weights through the Hub and from a folder: the same vectors at every layer (metadata differs: name, source).
        for (int layer = 0; layer <= 4; layer++)
        {
            var fromHub = Workflow.Core.IO.EmbeddingParquet.Read(_workspace.PathOf($"embeddings/from-hub/layer_{layer:00}.parquet"));
            var fromFolder = Workflow.Core.IO.EmbeddingParquet.Read(_workspace.PathOf($"embeddings/from-folder/layer_{layer:00}.parquet"));
            Assert.Equal(fromFolder.Vectors.Values, fromHub.Vectors.Values);
            Assert.Equal(FakeHub.Commit, fromHub.Metadata["idim.commit"]);
        }

        string again = _workspace.Run("embed");
        Assert.Contains("Embed[from-hub]: up to date", again);
        Assert.Contains("Embed[from-hub]: up to date", _workspace.Run("plan"));
    }
}
