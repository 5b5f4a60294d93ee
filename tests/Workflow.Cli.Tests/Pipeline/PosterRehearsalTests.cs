using System.Text.Json;
using Workflow.Cli.Rehearsal;
using Workflow.Core.Experiments;
using Workflow.Torch.Rehearsal;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// The poster's two experiments, unchanged but for the endpoints and per_class, end to end against a loopback Hub
/// (the nine repos' real files, random weights in their real formats, the Hub's headers and LFS redirects) and a
/// loopback Toronto; every weight download is cut once mid-body and must resume; then offline, all up to date.
/// </summary>
[Collection("Console")]
public sealed class PosterRehearsalTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-rehearsal-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public void Should_RunBothPosterExperimentsAndStayUpToDateOffline_When_TheHostsAreLoopback()
    {
        var settings = new RehearsalSettings(
            [ExperimentLoader.Locate("cifar10"), ExperimentLoader.Locate("cifar100")], work, FullSize: false, PerClass: 4, DropAfterBytes: 5000);

        RehearsalResult result = PosterRehearsal.Run(settings, args =>
        {
            var (code, output, error) = CliRunner.Run(args);
            return (code, output + error);
        }, TextWriter.Null);

        // Offline: every stage of both experiments up to date from the caches alone.
        Assert.All(result.OfflinePlans.Values, plan => Assert.Contains("Everything is up to date.", plan));
        Assert.Equal(2, result.OfflinePlans.Count);

        // The report's tables name all nine (five) models with their repo ids and commits.
        string cifar10 = File.ReadAllText(Path.Combine(result.Artifacts["cifar10"], "report", "report.md"));
        string cifar100 = File.ReadAllText(Path.Combine(result.Artifacts["cifar100"], "report", "report.md"));
        foreach (string repo in PosterRepos.All)
        {
            Assert.Contains(repo, cifar10);
            Assert.Contains(PosterRepos.RehearsalCommit(repo)[..7], cifar10);
        }
        Assert.Equal(5, PosterRepos.All.Count(cifar100.Contains));

        // Each weight file: one cut GET and one resumed Range GET, although two experiments share five repos.
        foreach (string repo in PosterRepos.All)
        {
            string folder = Path.Combine(work, "served", repo.Replace('/', '_'));
            string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, PosterRepos.WeightFile(repo).Name))));
            Assert.Equal(1, result.Requests.GetValueOrDefault($"storage GET /lfs/{sha}"));
            Assert.Equal(1, result.Requests.GetValueOrDefault($"storage GET /lfs/{sha} (range)"));
        }
        Assert.Equal(1, result.Requests.GetValueOrDefault("toronto GET /~kriz/cifar-10-binary.tar.gz"));
        Assert.Equal(1, result.Requests.GetValueOrDefault("toronto GET /~kriz/cifar-100-binary.tar.gz"));

        // model.json records the Hub commit of each repo, and twonn.csv flags the 4-point estimates.
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Artifacts["cifar10"], "embeddings", "beit-large", "model.json")));
        Assert.Equal(PosterRepos.RehearsalCommit("microsoft/beit-large-patch16-224"), info.RootElement.GetProperty("commit").GetString());
        Assert.Equal("BeitForImageClassification", info.RootElement.GetProperty("class_name").GetString());
        Assert.Contains("unreliable: 3 points in the estimate", File.ReadAllText(Path.Combine(result.Artifacts["cifar10"], "twonn.csv")));
    }
}
