using System.Text;
using Workflow.Core.Net;
using Workflow.Torch.Hub;
using Workflow.Torch.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Workflow.Torch.Tests.Hub;

/// <summary>
/// A hostile or broken Hub (probe #1–#3, #6, #10): names it sends are never paths, the cache is the only place written,
/// a blob that no longer matches its name is fetched again, and a host that stops answering fails in bounded time.
/// Each test keeps a sentinel file beside the cache and checks that nothing outside the cache changed.
/// </summary>
public sealed class HostileHubTests : IDisposable
{
    private const string Repo = "shardtrav/m";
    private readonly FakeHub hub = new();
    private readonly string root = Directory.CreateTempSubdirectory("idim-hostile-").FullName;
    private readonly string cache;
    private readonly string sentinel;
    private readonly List<string> warnings = [];
    private readonly string fixture = HfTinyFixture.Folder("vit");

    public HostileHubTests()
    {
        cache = Path.Combine(root, "cache");
        Directory.CreateDirectory(cache);
        sentinel = Path.Combine(root, "PWN_shard.safetensors");
        File.WriteAllText(sentinel, "precious user data");
    }

    private byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(fixture, name));

    private HubOptions Options(bool verify = false) => new()
    {
        Endpoint = hub.Endpoint,
        Token = "hf_test_token",
        CacheDirectory = cache,
        VerifyCachedBlobs = verify,
        Warn = line => { lock (warnings) warnings.Add(line); },
        Download = new DownloadOptions { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) },
    };

    private void AssertNothingOutsideTheCacheChanged(SortedDictionary<string, string> before)
    {
        Assert.Equal(before, OutsideFolderSnapshot.Take(root, cache));
        Assert.Equal("precious user data", File.ReadAllText(sentinel));
        Assert.Null(new FileInfo(sentinel).LinkTarget);
    }

    /// <summary>Serves config.json and a shard index whose weight_map points at <paramref name="shard"/>.</summary>
    private void ServeShardIndex(string shard)
    {
        hub.EverythingElseMissing(Repo);
        string index = System.Text.Json.JsonSerializer.Serialize(new { metadata = new { }, weight_map = new Dictionary<string, string> { ["embeddings.cls_token"] = shard } });
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            hub.ServeSmallFile(Repo, at, "config.json", Fixture("config.json"));
            hub.ServeSmallFile(Repo, at, "model.safetensors.index.json", Encoding.UTF8.GetBytes(index));
        }
    }

    [Theory]
    [InlineData("../../../../PWN_shard.safetensors")]
    [InlineData("sub/../../../../../PWN_shard.safetensors")]
    [InlineData(@"..\..\..\..\PWN_shard.safetensors")]
    [InlineData("ABSOLUTE")]
    [InlineData("a//b.safetensors")]
    public async Task Should_RefuseTheShardAndTouchNothingOutsideTheCache_When_TheIndexNamesAPathOutsideTheRepo(string shard)
    {
        if (shard == "ABSOLUTE") shard = sentinel;
        ServeShardIndex(shard);
        var before = OutsideFolderSnapshot.Take(root, cache);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options()).DownloadModelAsync(Repo, "main"));

        Assert.Contains(Repo, error.Message);
        Assert.Contains(shard, error.Message);
        AssertNothingOutsideTheCacheChanged(before);
        // The hostile name was never sent either (the probe saw a HEAD with the token for the normalised path).
        Assert.DoesNotContain(hub.Server.LogEntries, e => e.RequestMessage.Path.Contains("PWN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ETag", "\"../../../../../PWN_etag\"")]
    [InlineData("X-Linked-Etag", "\"../../../../../PWN_etag\"")]
    [InlineData("ETag", "\"/tmp/PWN_etag\"")]
    [InlineData("ETag", "\"0123456789abcdef0123456789abcdef0123456\"")] // 39 digits: not a hash
    public async Task Should_RefuseTheETagAsABlobName_When_ItIsNotAHash(string header, string etag)
    {
        hub.Server.Given(Request.Create().WithPath($"/{Repo}/resolve/main/config.json").UsingHead())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("X-Repo-Commit", FakeHub.Commit).WithHeader(header, etag));
        var before = OutsideFolderSnapshot.Take(root, cache);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options()).DownloadModelAsync(Repo, "main"));

        Assert.Contains(Repo, error.Message);
        Assert.Contains(etag.Trim('"'), error.Message);
        AssertNothingOutsideTheCacheChanged(before);
        Assert.False(Directory.Exists(Path.Combine(cache, "models--shardtrav--m", "blobs")));
    }

    [Theory]
    [InlineData("../../../../PWN_rev")]
    [InlineData("/tmp/PWN_rev")]
    [InlineData(@"refs\pr\1")]
    [InlineData("refs/pr/../../../../../PWN_rev")]
    [InlineData("refs//pr")]
    [InlineData("main.lock")]
    public async Task Should_RefuseTheRevisionBeforeAnyRequest_When_ItIsNotAGitReferenceName(string revision)
    {
        var before = OutsideFolderSnapshot.Take(root, cache);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options()).DownloadModelAsync(Repo, revision));

        Assert.Contains(Repo, error.Message);
        Assert.Contains(revision, error.Message);
        Assert.Empty(hub.Server.LogEntries);
        AssertNothingOutsideTheCacheChanged(before);
        Assert.Empty(Directory.GetFileSystemEntries(cache));
    }

    [Theory]
    [InlineData("../../../../../PWN_commit")]
    [InlineData("4F1E9AD3D2C1B0A99887766554433221100FFEED")] // upper case: not what git prints
    public async Task Should_RefuseTheCommit_When_XRepoCommitIsNotAHash(string commit)
    {
        hub.ServeSmallFile(Repo, "main", "config.json", Fixture("config.json"), commit);
        var before = OutsideFolderSnapshot.Take(root, cache);

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(Options()).DownloadModelAsync(Repo, "main"));

        Assert.Contains(commit, error.Message);
        AssertNothingOutsideTheCacheChanged(before);
    }

    [Fact]
    public void Should_RefuseARefsFileThatIsNotACommit_When_ResolvingOffline()
    {
        string refs = Path.Combine(cache, "models--shardtrav--m", "refs");
        Directory.CreateDirectory(refs);
        File.WriteAllText(Path.Combine(refs, "main"), "../../../../PWN");

        var error = Assert.Throws<HubException>(() => new HubCache(cache).ResolveCommit(Repo, "main"));

        Assert.Contains("../../../../PWN", error.Message);
    }

    [Theory]
    [InlineData("model.safetensors")] // LFS blob, named by sha256
    [InlineData("config.json")]       // git blob, named by sha1("blob {size}\0" + bytes)
    public async Task Should_FetchTheBlobAgain_When_ItsBytesNoLongerMatchItsNameAndVerifyIsOn(string file)
    {
        hub.EverythingElseMissing(Repo);
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            hub.ServeSmallFile(Repo, at, "config.json", Fixture("config.json"));
            hub.ServeLfsFile(Repo, at, "model.safetensors", Fixture("model.safetensors"));
        }
        HubSnapshot first = await new HubClient(Options()).DownloadModelAsync(Repo, "main");
        string blob = Path.GetFullPath(Path.Combine(first.Folder, new FileInfo(Path.Combine(first.Folder, file)).LinkTarget!));
        byte[] flipped = File.ReadAllBytes(blob);
        flipped[flipped.Length / 2] ^= 0x01;
        File.WriteAllBytes(blob, flipped);
        var before = OutsideFolderSnapshot.Take(root, cache);

        HubSnapshot second = await new HubClient(Options(verify: true)).DownloadModelAsync(Repo, "main");

        Assert.Equal(Fixture(file), File.ReadAllBytes(Path.Combine(second.Folder, file)));
        Assert.Contains(warnings, w => w.Contains("no longer matches", StringComparison.Ordinal) && w.Contains(file, StringComparison.Ordinal));
        AssertNothingOutsideTheCacheChanged(before);
    }

    [Fact]
    public async Task Should_FailNamingTheHostWithALinePerRetry_When_TheHostAcceptsAndNeverAnswers()
    {
        using var silent = new SilentServer();
        var options = Options() with { Endpoint = silent.Url, EtagTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<HubException>(() => new HubClient(options).DownloadModelAsync(Repo, "main"));

        Assert.Contains("127.0.0.1", error.Message);
        Assert.Contains("HF_HUB_ETAG_TIMEOUT", error.Message);
        Assert.Equal(2, silent.Connections);
        string retry = Assert.Single(warnings);
        Assert.Contains("127.0.0.1", retry);
        Assert.Contains("retry 2/2", retry);
    }

    [Fact]
    public async Task Should_FailNamingTheHostWithALinePerRetry_When_TheBodyStallsMidway()
    {
        using var stalling = new SilentServer(bodyBytesBeforeStall: 1000);
        byte[] content = Fixture("model.safetensors");
        hub.EverythingElseMissing(Repo);
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            hub.ServeSmallFile(Repo, at, "config.json", Fixture("config.json"));
            hub.Server.Given(Request.Create().WithPath($"/{Repo}/resolve/{at}/model.safetensors").UsingHead())
                .RespondWith(Response.Create().WithStatusCode(302)
                    .WithHeader("Location", stalling.Url + "/blob")
                    .WithHeader("X-Repo-Commit", FakeHub.Commit)
                    .WithHeader("X-Linked-Etag", $"\"{FakeHub.Sha256(content)}\"")
                    .WithHeader("X-Linked-Size", (1000 * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var options = Options() with { Download = Options().Download with { ReadTimeout = TimeSpan.FromMilliseconds(300) } };

        var error = await Assert.ThrowsAsync<DownloadFailedException>(() => new HubClient(options).DownloadModelAsync(Repo, "main"));

        Assert.Contains("127.0.0.1", error.Message);
        Assert.Contains("after 1,000 bytes", error.Message);
        string retry = Assert.Single(warnings);
        Assert.Contains("127.0.0.1", retry);
        Assert.Contains("retry 2/2", retry);
    }

    [Fact]
    public void Should_ReadTheTimeoutsLikeHuggingfaceHub_When_TheVariablesAreSet()
    {
        var variables = new Dictionary<string, string> { ["HF_HUB_ETAG_TIMEOUT"] = "3", ["HF_HUB_DOWNLOAD_TIMEOUT"] = "4.5", ["HF_HOME"] = "/data/hf" };

        HubOptions options = HubOptions.FromEnvironment(v => variables.GetValueOrDefault(v));
        HubOptions defaults = HubOptions.FromEnvironment(v => v == "HF_HOME" ? "/data/hf" : null);
        var bad = Assert.Throws<HubException>(() => HubOptions.FromEnvironment(v => v == "HF_HUB_ETAG_TIMEOUT" ? "soon" : null));

        Assert.Equal(TimeSpan.FromSeconds(3), options.EtagTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4.5), options.Download.ReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.EtagTimeout); // huggingface_hub's DEFAULT_ETAG_TIMEOUT
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.Download.ReadTimeout); // DEFAULT_DOWNLOAD_TIMEOUT
        Assert.Contains("HF_HUB_ETAG_TIMEOUT='soon'", bad.Message);
    }

    public void Dispose()
    {
        hub.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
