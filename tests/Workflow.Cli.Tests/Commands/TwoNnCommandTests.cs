using System.Text.Json;
using Workflow.Cli;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;

namespace Workflow.Cli.Tests.Commands;

/// <summary><c>idim twonn</c> run in-process; its JSON follows design.md §4.</summary>
[Collection("Console")]
public sealed class TwoNnCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("idim-twonn-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_PrintContractFields_When_JsonRequested()
    {
        string matrix = WriteMatrix("points.npy", Circle(200, seed: 1), duplicateRows: 3);

        var (code, output, _) = Run("twonn", matrix, "--json", "--device", "cpu");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(203, root.GetProperty("n").GetInt32());
        Assert.Equal(3, root.GetProperty("duplicates").GetInt32());
        Assert.Equal(180, root.GetProperty("n_used").GetInt32());
        Assert.Equal("fit", root.GetProperty("estimator").GetString());
        Assert.Equal(0.1, root.GetProperty("discard_fraction").GetDouble());
        Assert.InRange(root.GetProperty("id").GetDouble(), 0.8, 1.2); // a circle: d = 1
    }

    [Fact]
    public void Should_PrintAllAndClasses_When_LabelsGiven()
    {
        string matrix = WriteMatrix("points.npy", Circle(300, seed: 2));
        string labels = Path.Combine(folder, "labels.npy");
        NpyFile.WriteLabels(labels, Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? 4 : 0).ToArray());

        var (code, output, _) = Run("twonn", matrix, "--labels", labels, "--estimator", "mle", "--json", "--search", "exact");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(300, json.RootElement.GetProperty("all").GetProperty("n").GetInt32());
        JsonElement[] classes = json.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        Assert.Equal([0, 4], classes.Select(c => c.GetProperty("label").GetInt32()));
        Assert.All(classes, c => Assert.Equal(150, c.GetProperty("n").GetInt32()));
        Assert.All(classes, c => Assert.Equal("mle", c.GetProperty("estimator").GetString()));
        Assert.All(classes, c => Assert.Equal("(N-1)/sum(log mu)", c.GetProperty("mle_form").GetString()));
    }

    [Fact]
    public void Should_ReadParquetColumn_When_InputIsParquet()
    {
        PointMatrix points = Circle(120, seed: 3);
        string file = Path.Combine(folder, "layer_01.parquet");
        EmbeddingParquet.Write(file, new EmbeddingTable(Enumerable.Range(0, 120).ToArray(), null, points, new Dictionary<string, string>()));

        var (code, output, _) = Run("twonn", file, "--column", "vector", "--json", "--search", "exact", "--bootstrap", "50", "--seed", "7");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(120, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(50, json.RootElement.GetProperty("bootstrap").GetInt32());
        Assert.True(json.RootElement.GetProperty("ci_low").GetDouble() <= json.RootElement.GetProperty("ci_high").GetDouble());
    }

    [Fact]
    public void Should_ExitWithMessage_When_DataAreDegenerate()
    {
        string matrix = WriteMatrix("two.npy", new PointMatrix([0, 0, 1, 1, 0, 0, 1, 1], 4, 2));

        var (code, _, error) = Run("twonn", matrix, "--search", "exact");

        Assert.Equal(2, code);
        Assert.Contains("at least 3 distinct points", error);
    }

    [Fact]
    public void Should_WarnThatTheEstimateIsUnreliable_When_TheFitKeepsTwoOfThreePoints()
    {
        string matrix = WriteMatrix("three.npy", new PointMatrix([0, 0, 1, 0, 0, 3], 3, 2));

        var (code, output, _) = Run("twonn", matrix, "--search", "exact");

        Assert.Equal(0, code);
        Assert.Contains("used 2", output);
        Assert.Contains("warning: unreliable: 2 points in the estimate (< 27", output);
    }

    [Fact]
    public void Should_ExitWithMessage_When_FileIsNotNpy()
    {
        string file = Path.Combine(folder, "bad.npy");
        File.WriteAllText(file, "not numpy");

        var (code, _, error) = Run("twonn", file);

        Assert.Equal(2, code);
        Assert.Contains("not a NumPy .npy file", error);
    }

    [SkippableFact]
    public void Should_ExitWithMessage_When_CudaAskedWithoutGpu()
    {
        Skip.If(Workflow.Torch.Runtime.TorchRuntime.Probe().CudaAvailable, "this machine has a CUDA device");
        string matrix = WriteMatrix("points.npy", Circle(50, seed: 4));
        string labels = Path.Combine(folder, "labels.npy");
        NpyFile.WriteLabels(labels, new int[50]);

        var (plain, _, plainError) = Run("twonn", matrix, "--device", "cuda");
        var (perClass, _, perClassError) = Run("twonn", matrix, "--device", "cuda", "--labels", labels);

        Assert.Equal(2, plain);
        Assert.Equal(2, perClass);
        Assert.Contains("--device cuda", plainError);
        Assert.Contains("--device cuda", perClassError);
    }

    private string WriteMatrix(string name, PointMatrix points, int duplicateRows = 0)
    {
        if (duplicateRows > 0) points = points.SelectRows([.. Enumerable.Range(0, points.Rows), .. Enumerable.Range(0, duplicateRows)]);
        string path = Path.Combine(folder, name);
        NpyFile.WriteMatrix(path, points);
        return path;
    }

    /// <summary>Points on a circle of radius 1 in the plane z = 0 of R³, at random angles.</summary>
    private static PointMatrix Circle(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n * 3];
        for (int i = 0; i < n; i++)
        {
            double angle = 2 * Math.PI * random.NextDouble();
            values[3 * i] = (float)Math.Cos(angle);
            values[3 * i + 1] = (float)Math.Sin(angle);
        }
        return new PointMatrix(values, n, 3);
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);
}
