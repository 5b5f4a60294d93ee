using System.Text.Json;
using Workflow.Core.IO;

namespace Workflow.Cli.Tests.Commands;

/// <summary>
/// <c>idim estimate</c> and <c>idim similarity</c> in-process on the anchors' inputs (read as float32 by the CLI, which
/// moves the anchors' numbers by less than 1e-7 relative).
/// </summary>
[Collection("Console")]
public sealed class EstimateSimilarityCommandTests
{
    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "estimators", file);

    [Fact]
    public void Should_PrintDadapysScales_When_GrideScaleAnalysis()
    {
        var (code, output, error) = CliRunner.Run("estimate", Data("2gaussians_in_2d.npy"), "--estimator", "gride", "--device", "cpu", "--json");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement[] scales = json.RootElement.GetProperty("scales").EnumerateArray().ToArray();
        double[] ids = [2.000755282, 2.0321370961, 1.9118332736, 2.0005572597, 1.6747241965, 0.7208205645];
        Assert.Equal(6, scales.Length);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(1 << i, scales[i].GetProperty("n1").GetInt32());
            Assert.Equal(2 << i, scales[i].GetProperty("n2").GetInt32());
            Assert.Equal(ids[i], scales[i].GetProperty("id").GetDouble(), ids[i] * 1e-6);
            Assert.True(scales[i].TryGetProperty("sigma", out _) && scales[i].TryGetProperty("scale", out _));
        }
    }

    [Fact]
    public void Should_PrintSkdimsMle_When_LevinaBickel()
    {
        var (code, output, error) = CliRunner.Run("estimate", Data("hyperball_30x10.npy"), "--estimator", "lb-mle", "--unbiased", "--search", "exact", "--json");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(3.1653112078596046, json.RootElement.GetProperty("id").GetDouble(), 3.17e-6);
        Assert.True(json.RootElement.GetProperty("options").GetProperty("unbiased").GetBoolean());
        Assert.Equal(20, json.RootElement.GetProperty("options").GetProperty("k").GetInt32());
    }

    [Fact]
    public void Should_EstimatePerClass_When_LabelsGiven()
    {
        string labels = Path.Combine(Path.GetTempPath(), $"idim-labels-{Guid.NewGuid():N}.npy");
        NpyFile.WriteLabels(labels, Enumerable.Range(0, 100).Select(i => i % 2).ToArray());
        try
        {
            var (code, output, error) = CliRunner.Run("estimate", Data("2gaussians_in_2d.npy"), "--estimator", "pca", "--pca", "pr", "--labels", labels, "--search", "exact", "--json");

            Assert.True(code == 0, error);
            using JsonDocument json = JsonDocument.Parse(output);
            Assert.Equal([0, 1], json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("label").GetInt32()));
            Assert.InRange(json.RootElement.GetProperty("all").GetProperty("id").GetDouble(), 1, 2); // a participation ratio in 2-D
        }
        finally
        {
            File.Delete(labels);
        }
    }

    [Theory]
    [InlineData("cka", 0.5576132566)]
    [InlineData("cka-debiased", 0.5134564895)]
    public void Should_PrintKornblithsDemoValue_When_Similarity(string measure, double expected)
    {
        var (code, output, error) = CliRunner.Run("similarity", Data("cka_demo_x.npy"), Data("cka_demo_y.npy"), "--measure", measure, "--permutations", "99", "--json");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(expected, json.RootElement.GetProperty("value").GetDouble(), expected * 1e-6);
        Assert.Equal(0.01, json.RootElement.GetProperty("p").GetDouble(), 12); // (1 + 0)/(1 + 99): no shuffle comes close
    }

    [Fact]
    public void Should_NameBothFiles_When_RowCountsDiffer()
    {
        var (code, _, error) = CliRunner.Run("similarity", Data("cka_demo_x.npy"), Data("hyperball_30x10.npy"), "--measure", "mknn");

        Assert.Equal(2, code);
        Assert.Contains("cka_demo_x.npy has 100 rows but hyperball_30x10.npy has 30", error);
    }

    [Fact]
    public void Should_RefuseOneRankAlone_When_OnlyN1Given()
    {
        var (code, _, error) = CliRunner.Run("estimate", Data("2gaussians_in_2d.npy"), "--estimator", "gride", "--n1", "2");

        Assert.Equal(2, code);
        Assert.Contains("--n1 and --n2 together", error);
    }
}
