using System.Text.Json;
using Workflow.Core.Net;
using Workflow.Torch.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Workflow.Torch.Tests.Hub;

/// <summary>The Hub client on a dataset repo: huggingface_hub's URLs and cache folder for <c>repo_type="dataset"</c>.</summary>
public sealed class HubDatasetRepoTests : IDisposable
{
    private const string Repo = "uoft-cs/cifar10";
    private readonly FakeHub hub = new();
    private readonly string cache = Directory.CreateTempSubdirectory("idim-hub-datasets-").FullName;

    public void Dispose()
    {
        hub.Dispose();
        Directory.Delete(cache, true);
    }

    private HubClient Client(bool offline = false) => new(new HubOptions
    {
        Endpoint = hub.Endpoint,
        CacheDirectory = cache,
        Offline = offline,
        RepoType = HubRepoType.Dataset,
        Download = new DownloadOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), MaxAttempts = 2 },
    });

    private void ServeListing(params string[] files) =>
        hub.Server.Given(Request.Create().WithPath($"/api/datasets/{Repo}/revision/main").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(JsonSerializer.Serialize(new
            {
                id = Repo,
                sha = FakeHub.Commit,
                siblings = files.Select(f => new { rfilename = f }),
            })));

    [Fact]
    public void Should_UseDatasetsUrlsAndCacheFolder_When_RepoTypeIsDataset()
    {
        Assert.Equal("datasets--uoft-cs--cifar10", HubRepoId.CacheFolderName(Repo, HubRepoType.Dataset));
        Assert.Equal($"{hub.Endpoint}/datasets/{Repo}/resolve/main/plain_text/train-00000-of-00001.parquet",
            Client().ResolveUrl(Repo, "main", "plain_text/train-00000-of-00001.parquet").ToString());
    }

    [Fact]
    public async Task Should_ListFilesAndRecordTheRef_When_DatasetInfoAnswers()
    {
        ServeListing("README.md", "plain_text/train-00000-of-00001.parquet");

        HubRepoListing listing = await Client().ListFilesAsync(Repo, "main");

        Assert.Equal(FakeHub.Commit, listing.Commit);
        Assert.Equal(["README.md", "plain_text/train-00000-of-00001.parquet"], listing.Files);
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(cache, "datasets--uoft-cs--cifar10", "refs", "main")).Trim());
    }

    [Theory]
    [InlineData("../../outside.parquet")]
    [InlineData("/etc/passwd")]
    [InlineData("data\\train.parquet")]
    [InlineData("data//train.parquet")]
    public async Task Should_RefuseTheListing_When_AFileNameCouldLeaveTheSnapshot(string name)
    {
        ServeListing("README.md", name);

        var e = await Assert.ThrowsAsync<HubException>(() => Client().ListFilesAsync(Repo, "main"));

        Assert.Contains("not a safe relative path", e.Message);
    }

    [Fact]
    public async Task Should_ListTheCachedSnapshot_When_Offline()
    {
        ServeListing("README.md");
        hub.ServeSmallFile("datasets/" + Repo, FakeHub.Commit, "README.md", "---\n---\n"u8.ToArray());
        var online = Client();
        var listing = await online.ListFilesAsync(Repo, "main");
        await online.GetFileAsync(Repo, listing.Commit, "README.md", null, CancellationToken.None);

        HubRepoListing offline = await Client(offline: true).ListFilesAsync(Repo, "main");

        Assert.Equal(FakeHub.Commit, offline.Commit);
        Assert.Equal(["README.md"], offline.Files);
    }

    [Fact]
    public async Task Should_SayTheRepoIsMissing_When_TheHubAnswers404()
    {
        hub.Server.Given(Request.Create().WithPath($"/api/datasets/{Repo}/revision/main").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("X-Error-Code", "RepoNotFound"));

        var e = await Assert.ThrowsAsync<HubException>(() => Client().ListFilesAsync(Repo, "main"));

        Assert.Equal(HubMissing.Repository, e.Missing);
    }
}
