using System.Text;
using Workflow.Core.Net;
using Workflow.Torch.Hub;
using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Hub;

/// <summary>The Hub client against a loopback Hub serving the vit fixture with realistic headers.</summary>
public class HubClientTests : IDisposable
{
    private const string Repo = "google/vit-tiny-fixture";
    private const string Token = "hf_test_token";
    private readonly FakeHub hub = new();
    private readonly string cache = Directory.CreateTempSubdirectory("idim-hub-cache-").FullName;
    private readonly string fixture = HfTinyFixture.Folder("vit");

    private byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(fixture, name));

    private HubOptions Options(bool offline = false, string? token = Token) => new()
    {
        Endpoint = hub.Endpoint,
        Token = token,
        Offline = offline,
        CacheDirectory = cache,
        Download = new DownloadOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), ReadTimeout = TimeSpan.FromSeconds(10) },
    };

    /// <summary>Serves the vit fixture at <paramref name="revision"/> and at its commit (the client pins files after config.json to it).</summary>
    private void ServeVit(string revision = "main")
    {
        hub.EverythingElseMissing(Repo);
        foreach (string at in new[] { revision, FakeHub.Commit })
        {
            hub.ServeSmallFile(Repo, at, "config.json", File("config.json"));
            hub.ServeSmallFile(Repo, at, "preprocessor_config.json", File("preprocessor_config.json"));
            hub.ServeLfsFile(Repo, at, "model.safetensors", File("model.safetensors"));
        }
    }

    [Fact]
    public async Task Should_FillThePythonCacheLayout_When_DownloadingAModel()
    {
        ServeVit();

        HubSnapshot snapshot = await new HubClient(Options()).DownloadModelAsync(Repo, "main");

        string repoFolder = Path.Combine(cache, "models--google--vit-tiny-fixture");
        Assert.Equal(FakeHub.Commit, snapshot.Commit);
        Assert.Equal(Path.Combine(repoFolder, "snapshots", FakeHub.Commit), snapshot.Folder);
        Assert.Equal(FakeHub.Commit, System.IO.File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));
        string sha = FakeHub.Sha256(File("model.safetensors"));
        var link = new FileInfo(Path.Combine(snapshot.Folder, "model.safetensors"));
        Assert.Equal(Path.Combine("..", "..", "blobs", sha), link.LinkTarget);
        Assert.True(System.IO.File.Exists(Path.Combine(repoFolder, "blobs", sha)));
        Assert.Equal(Path.Combine("..", "..", "blobs", FakeHub.GitBlobSha1(File("config.json"))),
            new FileInfo(Path.Combine(snapshot.Folder, "config.json")).LinkTarget);
        Assert.Equal(File("model.safetensors"), System.IO.File.ReadAllBytes(link.FullName));
        Assert.Equal(["config.json", "preprocessor_config.json", "model.safetensors"], snapshot.Files);
        Assert.False(System.IO.File.Exists(Path.Combine(repoFolder, ".no_exist", FakeHub.Commit, "model.safetensors")));
    }

    [Fact]
    public void Should_MatchTheFixture_When_LoadingARepoIdThroughPretrainedVisionModel()
    {
        ServeVit();
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference("vit");

        using var model = PretrainedVisionModel.Load(Repo, null, "cpu", ScalarType.Float32, new VisionModelLoadOptions { Hub = Options() });
        using VisionModelOutput output = model.Forward(reference["pixel_values"]);

        Assert.Equal(Repo, model.Provenance.RepoId);
        Assert.Equal("main", model.Provenance.Revision);
        Assert.Equal(FakeHub.Commit, model.Provenance.Commit);
        Assert.Equal(FakeHub.Sha256(File("model.safetensors")), Assert.Single(model.Provenance.WeightFiles).Sha256);
        Assert.True(HfTinyFixture.MaxAbsDiff(output.LastHiddenState, reference["last_hidden_state"]) <= 1e-4);
    }

    [Fact]
    public async Task Should_DropAuthorization_When_TheLfsRedirectGoesToAnotherHost()
    {
        ServeVit();

        await new HubClient(Options()).DownloadModelAsync(Repo, "main");

        var entries = hub.Server.LogEntries.ToList();
        var head = entries.First(e => e.RequestMessage.Method == "HEAD" && e.RequestMessage.Path.EndsWith("/model.safetensors"));
        Assert.Equal("Bearer " + Token, head.RequestMessage.Headers!["Authorization"].Single());
        Assert.StartsWith("http://127.0.0.1", head.RequestMessage.Url);
        var storage = entries.Single(e => e.RequestMessage.Path.StartsWith("/lfs-storage/"));
        Assert.StartsWith("http://localhost", storage.RequestMessage.Url);
        Assert.False(storage.RequestMessage.Headers!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Should_EncodeTheRevisionAndWriteItsRef_When_TheRevisionIsAPullRequestRef()
    {
        ServeVit("refs/pr/1"); // WireMock matches the decoded path; the test checks the URL as sent

        HubSnapshot snapshot = await new HubClient(Options()).DownloadModelAsync(Repo, "refs/pr/1");

        Assert.Equal(FakeHub.Commit, snapshot.Commit);
        Assert.Contains(hub.Server.LogEntries, e => e.RequestMessage.Url.Contains("/resolve/refs%2Fpr%2F1/config.json"));
        Assert.Equal(FakeHub.Commit, System.IO.File.ReadAllText(
            Path.Combine(cache, "models--google--vit-tiny-fixture", "refs", "refs", "pr", "1")));
    }

    [Fact]
    public async Task Should_ResumeFromThePartialFile_When_TheConnectionDropsMidFile()
    {
        byte[] content = File("model.safetensors");
        using var storage = new DroppingStorageServer(content);
        hub.EverythingElseMissing(Repo);
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            hub.ServeSmallFile(Repo, at, "config.json", File("config.json"));
            hub.Server.Given(Request.Create().WithPath($"/{Repo}/resolve/{at}/model.safetensors").UsingHead())
                .RespondWith(Response.Create().WithStatusCode(302)
                    .WithHeader("Location", storage.Url)
                    .WithHeader("X-Repo-Commit", FakeHub.Commit)
                    .WithHeader("X-Linked-Etag", $"\"{FakeHub.Sha256(content)}\"")
                    .WithHeader("X-Linked-Size", content.Length.ToString()));
        }

        HubSnapshot snapshot = await new HubClient(Options()).DownloadModelAsync(Repo, "main");

        Assert.Equal(content, System.IO.File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.Null(storage.Ranges[0]);
        Assert.True(storage.Ranges.Count >= 2, "the client should have come back for the rest");
        Assert.Matches(@"^bytes=[1-9][0-9]*-$", storage.Ranges[^1]);
        Assert.All(storage.Authorizations, Assert.Null); // another host: no token
    }

    [Fact]
    public async Task Should_Retry_When_TheServerAnswers500Once()
    {
        ServeVit();
        hub.Server.Given(Request.Create().WithPath($"/{Repo}/resolve/main/config.json").UsingHead())
            .InScenario("flaky").WillSetStateTo("recovered").AtPriority(-5)
            .RespondWith(Response.Create().WithStatusCode(500));

        HubSnapshot snapshot = await new HubClient(Options()).DownloadModelAsync(Repo, "main");

        Assert.Equal(FakeHub.Commit, snapshot.Commit);
        Assert.Equal(2, hub.Server.LogEntries.Count(e => e.RequestMessage.Method == "HEAD" && e.RequestMessage.Path.EndsWith("/config.json")));
    }

    [Fact]
    public async Task Should_SayToSetHfToken_When_TheServerAnswers401()
    {
        hub.Missing(Repo, "main", "config.json", "RepoNotFound", status: 401);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options(token: null)).DownloadModelAsync(Repo, "main"));

        Assert.Equal(HubMissing.Repository, error.Missing);
        Assert.Contains("HF_TOKEN", error.Message);
        Assert.Contains(Repo, error.Message);
    }

    [Theory]
    [InlineData("RevisionNotFound", HubMissing.Revision, "Revision 'main' does not exist")]
    [InlineData("RepoNotFound", HubMissing.Repository, "Repository google/vit-tiny-fixture was not found")]
    [InlineData("EntryNotFound", HubMissing.File, "config.json does not exist")]
    public async Task Should_SayWhatIsMissing_When_TheServerAnswers404(string errorCode, HubMissing missing, string message)
    {
        hub.Missing(Repo, "main", "config.json", errorCode);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options()).DownloadModelAsync(Repo, "main"));

        Assert.Equal(missing, error.Missing);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Should_RejectAndNotCache_When_TheSha256IsWrong()
    {
        hub.EverythingElseMissing(Repo);
        hub.ServeSmallFile(Repo, "main", "config.json", File("config.json"));
        byte[] content = File("model.safetensors");
        byte[] tampered = (byte[])content.Clone();
        tampered[^1] ^= 0xff;
        hub.ServeLfsFile(Repo, FakeHub.Commit, "model.safetensors", content, served: tampered);

        var error = await Assert.ThrowsAsync<DownloadVerificationException>(() => new HubClient(Options()).DownloadModelAsync(Repo, "main"));

        Assert.Equal("sha256", error.Check);
        string blobs = Path.Combine(cache, "models--google--vit-tiny-fixture", "blobs");
        Assert.False(System.IO.File.Exists(Path.Combine(blobs, FakeHub.Sha256(content))));
        Assert.Equal([FakeHub.GitBlobSha1(File("config.json"))], Directory.GetFiles(blobs).Select(Path.GetFileName));
        Assert.False(System.IO.File.Exists(Path.Combine(cache, "models--google--vit-tiny-fixture", "snapshots", FakeHub.Commit, "model.safetensors")));
    }

    [Fact]
    public async Task Should_UseOnlyTheCache_When_Offline()
    {
        ServeVit();
        await new HubClient(Options()).DownloadModelAsync(Repo, "main");
        int requestsBefore = hub.Server.LogEntries.Count();

        using var model = PretrainedVisionModel.Load(Repo, null, "cpu", ScalarType.Float32, new VisionModelLoadOptions { Hub = Options(offline: true) });
        var error = Assert.Throws<HubException>(() => PretrainedVisionModel.Load("google/other-model", null, "cpu", ScalarType.Float32,
            new VisionModelLoadOptions { Hub = Options(offline: true) }));

        Assert.Equal(FakeHub.Commit, model.Provenance.Commit);
        Assert.Equal(requestsBefore, hub.Server.LogEntries.Count());
        Assert.Contains("HF_HUB_OFFLINE", error.Message);
    }

    [Fact]
    public async Task Should_FallBackToTheCache_When_TheHubCannotBeReached()
    {
        ServeVit();
        await new HubClient(Options()).DownloadModelAsync(Repo, "main");
        hub.Server.Stop();

        HubSnapshot snapshot = await new HubClient(Options() with { Download = Options().Download with { MaxAttempts = 1 } })
            .DownloadModelAsync(Repo, "main");

        Assert.Equal(FakeHub.Commit, snapshot.Commit);
        Assert.Contains("model.safetensors", snapshot.Files);
    }

    [Fact]
    public void Should_ReadTheEnvironmentLikeHuggingfaceHub_When_VariablesAreSet()
    {
        var variables = new Dictionary<string, string>
        {
            ["HF_ENDPOINT"] = "http://mirror.example/",
            ["HF_TOKEN"] = "hf_abc",
            ["HF_HUB_OFFLINE"] = "1",
            ["HF_HOME"] = "/data/hf",
        };

        HubOptions options = HubOptions.FromEnvironment(v => variables.GetValueOrDefault(v));
        HubOptions cacheOverride = HubOptions.FromEnvironment(v => v == "HF_HUB_CACHE" ? "/x/hub" : variables.GetValueOrDefault(v));

        Assert.Equal("http://mirror.example", options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.True(options.Offline);
        Assert.Equal(Path.Combine("/data/hf", "hub"), options.CacheDirectory);
        Assert.Equal("/x/hub", cacheOverride.CacheDirectory);
        Assert.Equal(new Uri("http://mirror.example/org/m/resolve/refs%2Fpr%2F1/config.json"),
            new HubClient(options).ResolveUrl("org/m", "refs/pr/1", "config.json"));
    }

    public void Dispose()
    {
        hub.Dispose();
        Directory.Delete(cache, recursive: true);
    }
}
