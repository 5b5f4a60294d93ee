using Workflow.Core.Experiments;
using Workflow.Torch.Models;

namespace Workflow.Cli.Tests.Build;

/// <summary>
/// Issue 13's acceptance: an experiment can list a tiny model of every family of the registry, and <c>./build.sh</c>
/// produces a report with all of them. Runs the shipped experiments/demo-zoo.yaml unchanged (artifacts in a temporary folder).
/// </summary>
public sealed class EveryFamilyBuildTests : IDisposable
{
    private readonly string _artifacts = Directory.CreateTempSubdirectory("idim-demo-zoo-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public void Should_ListEveryRegisteredFamily_When_ReadingTheShippedZooDemo()
    {
        ExperimentConfig experiment = ExperimentLoader.Load(Path.Combine(BuildScript.Repository, "experiments", "demo-zoo.yaml"));

        Assert.Equal(ModelFamilies.TinyFamilies.Order(StringComparer.Ordinal), experiment.Models.Select(m => m.Tiny!.Family).Order(StringComparer.Ordinal));
        // The experiment loader's own list (Workflow.Core cannot see the registry) must not drift from it either.
        Assert.Equal(ModelFamilies.TinyFamilies.Order(StringComparer.Ordinal), ExperimentLoader.TinyFamilies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_ProduceAReportWithEveryFamily_When_BuildShRunsTheZooDemo()
    {
        var (code, output) = BuildScript.Run(BuildScript.Repository, new Dictionary<string, string> { ["IDIM_ARTIFACTS"] = _artifacts },
            ["--experiment=demo-zoo"], minutes: 15);

        Assert.True(code == 0, output);
        string report = File.ReadAllText(Path.Combine(_artifacts, "demo-zoo", "report", "report.md"));
        string twonn = File.ReadAllText(Path.Combine(_artifacts, "demo-zoo", "twonn.csv"));
        foreach (ModelConfig model in ExperimentLoader.Load(Path.Combine(BuildScript.Repository, "experiments", "demo-zoo.yaml")).Models)
        {
            Assert.Contains($"| {model.Name} |", report);
            Assert.Contains($"\n{model.Name},", twonn);
        }
    }
}
