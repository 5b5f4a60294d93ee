using Workflow.Core.Experiments;
using Workflow.Core.Paths;

namespace Workflow.Core.Tests.Experiments;

public class ExperimentLoaderTests
{
    private static string RepoRoot => ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("tests run inside the repository");

    private const string Minimal = """
        name: tiny
        dataset: { name: calibration, per_class: 50 }
        models:
          - name: a
            tiny: { family: vit, seed: 1 }
        """;

    [Theory]
    [InlineData("demo", "calibration", 3)]
    [InlineData("cifar10", "cifar10", 9)]
    [InlineData("cifar100", "cifar100", 5)]
    [InlineData("cifar10-hub", "hub", 2)]
    public void Should_LoadShippedExperiment_When_GivenItsName(string name, string dataset, int models)
    {
        var config = ExperimentLoader.Load(name, RepoRoot);
        Assert.Equal(name, config.Name);
        Assert.Equal(dataset, config.Dataset.Name);
        Assert.Equal(models, config.Models.Count);
    }

    [Fact]
    public void Should_ApplyDefaults_When_SectionsAreOmitted()
    {
        var config = ExperimentLoader.Parse(Minimal, "tiny.yaml");
        Assert.Equal("train", config.Dataset.Split);
        Assert.Equal("cls", config.Embedding.Pooling);
        Assert.Null(config.Embedding.Layers);
        Assert.Equal("fit", config.TwoNn.Estimator);
        Assert.Equal(0.1, config.TwoNn.DiscardFraction);
        Assert.Equal("last", config.Correlation.Summary);
    }

    [Theory]
    [InlineData("dataset: { name: mnist }", "dataset.name", "mnist")]
    [InlineData("dataset: { name: cifar10, per_class: -3 }", "dataset.per_class", "-3")]
    [InlineData("dataset: { name: cifar10, labels: coarse }", "dataset.labels", "coarse")]
    public void Should_NameTheFieldAndValue_When_DatasetIsInvalid(string datasetLine, string field, string value)
    {
        string yaml = Minimal.Replace("dataset: { name: calibration, per_class: 50 }", datasetLine);
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
        Assert.Contains("bad.yaml", error.Message);
        Assert.Contains("expected", error.Message);
    }

    [Fact]
    public void Should_DefaultToPortableNumerics_When_TheFieldIsOmitted() =>
        Assert.Equal("portable", ExperimentLoader.Parse(Minimal, "tiny.yaml").Numerics);

    [Fact]
    public void Should_ReadFastNumerics_When_TheFieldSaysFast() =>
        Assert.Equal("fast", ExperimentLoader.Parse("numerics: fast\n" + Minimal, "tiny.yaml").Numerics);

    [Fact]
    public void Should_NameTheFieldAndValue_When_NumericsIsUnknown()
    {
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse("numerics: exact\n" + Minimal, "bad.yaml"));
        Assert.Equal("numerics", error.Field);
        Assert.Equal("exact", error.Value);
        Assert.Contains("portable, fast", error.Message);
    }

    [Fact]
    public void Should_RejectModel_When_ItHasTwoSources()
    {
        string yaml = Minimal.Replace("tiny: { family: vit, seed: 1 }", "tiny: { family: vit, seed: 1 }\n    repo: google/vit-base-patch16-224");
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal("models[0].repo", error.Field);
    }

    [Fact]
    public void Should_RejectUnknownField_When_ItIsATypo()
    {
        string yaml = Minimal + "\ntwonn: { estimater: mle }\n";
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Contains("twonn.estimater", error.Message);
        Assert.Contains("estimator", error.Message);
    }

    [Theory]
    [InlineData("../../../../PWN_rev")]
    [InlineData("/abs")]
    [InlineData("'a\\b'")]
    [InlineData("sub/../../x")]
    public void Should_RejectTheRevision_When_ItIsNotAGitReferenceName(string revision)
    {
        string yaml = Minimal.Replace("tiny: { family: vit, seed: 1 }", $"repo: org/m\n    revision: {revision}");
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal("models[0].revision", error.Field);
    }

    [Theory]
    [InlineData("embedding: { batch_size: [1, 2] }", "embedding.batch_size", "[1, 2]")]
    [InlineData("dataset: { name: calibration, per_class: 99999999999 }", "dataset.per_class", "99999999999")]
    public void Should_ShowTheValueAsWritten_When_AFieldIsAListOrTooLarge(string line, string field, string value)
    {
        string yaml = line.StartsWith("dataset", StringComparison.Ordinal)
            ? Minimal.Replace("dataset: { name: calibration, per_class: 50 }", line)
            : Minimal + "\n" + line + "\n";
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
        Assert.DoesNotContain("Sequence", error.Message);
    }

    [Fact]
    public void Should_RejectTheSecondName_When_TwoModelNamesDifferOnlyInCase()
    {
        string yaml = Minimal + "\n  - name: A\n    tiny: { family: vit, seed: 2 }\n";
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal("models[1].name", error.Field);
        Assert.Contains("case", error.Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("median")]
    public void Should_RejectSummary_When_NotALayerOrDepth(string summary)
    {
        string yaml = Minimal + $"\ncorrelation: {{ summary: '{summary}' }}\n";
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal("correlation.summary", error.Field);
    }

    [Fact]
    public void Should_ListKnownExperiments_When_NameIsUnknown()
    {
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Locate("nope", RepoRoot));
        Assert.Contains("demo", error.Message);
        Assert.Contains("cifar10", error.Message);
    }
}
