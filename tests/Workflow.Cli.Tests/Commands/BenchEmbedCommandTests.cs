using Workflow.Cli.Commands;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Tests.Commands;

/// <summary><c>idim bench embed</c>: argument validation and its temporary experiment (the timed run itself is in docs/benchmarks.md).</summary>
public sealed class BenchEmbedCommandTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(325)]
    [InlineData(5010)]
    public void Should_RejectImages_When_NotAMultipleOf10From30To5000(int images)
    {
        Assert.Contains("--images must be a multiple of 10", BenchEmbedCommand.ImagesError(images), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(320)]
    [InlineData(5000)]
    public void Should_AcceptImages_When_AMultipleOf10From30To5000(int images)
    {
        Assert.Null(BenchEmbedCommand.ImagesError(images));
    }

    [Theory]
    [InlineData("--images", "25")]
    [InlineData("--batch-size", "0")]
    [InlineData("--pooling", "max")]
    [InlineData("--dtype", "float64")]
    [InlineData("--device", "tpu")]
    public void Should_FailBeforeRunning_When_AnOptionIsInvalid(string option, string value)
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = CliApp.Run(["bench", "embed", option, value]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.NotEqual(0, code);
        Assert.Contains(option == "--images" || option == "--batch-size" ? option : value, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_DescribeTheRequestedRun_When_TheTemporaryExperimentIsLoaded()
    {
        string folder = Directory.CreateTempSubdirectory("idim-bench-embed-test-").FullName;
        try
        {
            string yaml = Path.Combine(folder, "bench-embed.yaml");
            File.WriteAllText(yaml, BenchEmbedCommand.ExperimentYaml(new BenchEmbedSettings(320, 16, "bfloat16", "mean", "cpu", Keep: false)));

            ExperimentConfig experiment = ExperimentLoader.Load(yaml);

            Assert.Equal("calibration", experiment.Dataset.Name);
            Assert.Equal("train", experiment.Dataset.Split);
            Assert.Equal(32, experiment.Dataset.PerClass);
            ModelConfig model = Assert.Single(experiment.Models);
            Assert.Equal("model", model.Path);
            Assert.Equal("mean", experiment.Embedding.Pooling);
            Assert.Null(experiment.Embedding.Layers);
            Assert.Equal(16, experiment.Embedding.BatchSize);
            Assert.Equal("bfloat16", experiment.Embedding.Dtype);
            Assert.Equal("cpu", experiment.Embedding.Device);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Should_UseViTBaseSizes_When_WritingTheCheckpoint()
    {
        var o = BenchEmbedCommand.VitBase;

        Assert.Equal((224, 16, 768, 12, 12, 3072), (o.ImageSize, o.PatchSize, o.HiddenSize, o.Layers, o.Heads, o.IntermediateSize));
    }
}
