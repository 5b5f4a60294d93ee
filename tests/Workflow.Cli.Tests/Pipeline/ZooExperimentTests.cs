namespace Workflow.Cli.Tests.Pipeline;

/// <summary>experiments/zoo.yaml (issue 13): one Hub checkpoint per family, planned offline.</summary>
public sealed class ZooExperimentTests : IDisposable
{
    private readonly string _artifacts = Directory.CreateTempSubdirectory("idim-zoo-plan-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public void Should_ListEveryFamilysCheckpointOffline_When_PlanningTheZooExperiment()
    {
        string zoo = Path.Combine(Workflow.Core.Paths.ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)!, "experiments", "zoo.yaml");

        var (code, output, error) = CliRunner.Run("plan", "--experiment", zoo, "--artifacts", _artifacts);

        Assert.True(code == 0, output + error);
        foreach (string model in new[]
                 {
                     "dinov2-base", "clip-vit-base-patch16", "siglip-base-patch16-224", "deit-base-distilled", "vit-mae-base",
                     "swin-tiny", "convnext-tiny", "resnet-50",
                 })
            Assert.Contains($"Embed[{model}]: stale", output);
        Assert.Contains("Stale stages: Data, Embed, TwoNN, Correlate, Report.", output);
    }
}
