using System.Text;
using System.Text.Json;
using Workflow.Cli.Tests.Pipeline;
using Workflow.Core.IO;
using Workflow.Torch.Tests.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Workflow.Cli.Tests.Datasets;

/// <summary>
/// A Hub dataset end to end on a loopback Hub laid out like uoft-cs/cifar10: <c>/api/datasets/{repo}/revision/main</c>
/// lists the files, README.md's YAML names the classes and maps splits to files, the Parquet files (real schema) come
/// through the resolve URL with an LFS redirect; images are the Pillow fixture's PNGs and JPEGs.
/// </summary>
public sealed class HubDatasetPipelineTests : IDisposable
{
    private const string Repo = "idim-test/photos";
    private const string TrainFile = "plain_text/train-00000-of-00001.parquet";
    private const string TestFile = "plain_text/test-00000-of-00001.parquet";
    private static readonly string[] Names = ["apple", "bicycle", "cloud"];

    private readonly string _root = Directory.CreateTempSubdirectory("idim-hubdata-").FullName;
    private readonly Dictionary<string, string?> _saved = new();
    private readonly FakeHub _hub = new();
    private readonly List<string> _trainFiles = [];

    private static readonly string Card = """
        ---
        pretty_name: Photos
        dataset_info:
          config_name: plain_text
          features:
          - name: img
            dtype: image
          - name: label
            dtype:
              class_label:
                names:
                  '0': apple
                  '1': bicycle
                  '2': cloud
          splits:
          - name: train
            num_examples: 27
          - name: test
            num_examples: 6
        configs:
        - config_name: plain_text
          data_files:
          - split: train
            path: plain_text/train-*
          - split: test
            path: plain_text/test-*
          default: true
        ---
        # Photos
        """;

    public HubDatasetPipelineTests()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder");
        var train = new List<(byte[], string, long)>();
        var test = new List<(byte[], string, long)>();
        for (int c = 0; c < Names.Length; c++)
        {
            string[] files = Directory.GetFiles(Path.Combine(folder, Names[c])).Order(StringComparer.Ordinal).ToArray();
            for (int i = 0; i < files.Length; i++)
            {
                var row = (File.ReadAllBytes(files[i]), Path.GetFileName(files[i]), (long)c);
                if (i < 9) { train.Add(row); _trainFiles.Add($"{Names[c]}/{Path.GetFileName(files[i])}"); }
                else test.Add(row);
            }
        }
        string at = FakeHub.Commit;
        _hub.ServeSmallFile("datasets/" + Repo, at, "README.md", Encoding.UTF8.GetBytes(Card));
        _hub.ServeLfsFile("datasets/" + Repo, at, TrainFile, HubParquetFixture.WriteAsync(train, Names).GetAwaiter().GetResult());
        _hub.ServeLfsFile("datasets/" + Repo, at, TestFile, HubParquetFixture.WriteAsync(test, Names).GetAwaiter().GetResult());
        var info = new
        {
            id = Repo,
            sha = at,
            siblings = new[] { ".gitattributes", "README.md", TestFile, TrainFile }.Select(f => new { rfilename = f }),
        };
        // The Hub answers for the branch and for the commit it points to (the Data stage lists the commit it resolved).
        foreach (string revision in new[] { "main", at })
            _hub.Server.Given(Request.Create().WithPath($"/api/datasets/{Repo}/revision/{revision}").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(info)));

        SetEnvironment("HF_ENDPOINT", _hub.Endpoint);
        SetEnvironment("HF_HUB_CACHE", Path.Combine(_root, "hub"));
        SetEnvironment("HF_TOKEN", "hf_test_token");
        SetEnvironment("HF_HUB_OFFLINE", null);
        File.WriteAllText(Experiment, $$"""
            name: hubphotos
            dataset: { name: hub, repo: {{Repo}}, revision: main, split: train, image_column: img, label_column: label, per_class: 20 }
            models:
              - name: vit
                tiny: { family: vit, seed: 1 }
            embedding: { pooling: mean, batch_size: 8, device: cpu }
            twonn: { estimator: fit, bootstrap: 5 }
            """);
    }

    private string Experiment => Path.Combine(_root, "hubphotos.yaml");
    private string Artifacts => Path.Combine(_root, "artifacts");
    private string Folder => Path.Combine(Artifacts, "hubphotos");

    private void SetEnvironment(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        _hub.Dispose();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_root, recursive: true);
    }

    private string Run(string stage)
    {
        var (code, output, error) = CliRunner.Run(stage, "--experiment", Experiment, "--artifacts", Artifacts);
        Assert.True(code == 0, $"idim {stage} exited {code}\n{output}\n{error}");
        return output;
    }

    [Fact]
    public void Should_RunToAReport_When_DatasetIsOnTheHub()
    {
        string output = string.Concat(PipelineWorkspace.Stages.Split(' ').Select(Run));

        Assert.Contains("Data: 27 images of 3 classes", output);
        Assert.True(File.Exists(Path.Combine(Folder, "report", "index.html")));
        using var classes = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "data", "classes.json")));
        Assert.Equal(Names, classes.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        // The Hub cache layout of huggingface_hub for a dataset repo.
        string repoCache = Path.Combine(_root, "hub", "datasets--idim-test--photos");
        Assert.True(File.Exists(Path.Combine(repoCache, "snapshots", FakeHub.Commit, "plain_text", "train-00000-of-00001.parquet")));
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(repoCache, "refs", "main")).Trim());
        Assert.False(File.Exists(Path.Combine(repoCache, "snapshots", FakeHub.Commit, "plain_text", "test-00000-of-00001.parquet")));
        // The token goes with the listing call.
        var listing = _hub.Server.LogEntries.First(e => e.RequestMessage.Path.StartsWith("/api/datasets/", StringComparison.Ordinal));
        Assert.Equal("Bearer hf_test_token", listing.RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public void Should_RunToAReport_When_BuildShIsGivenTheExperimentFile()
    {
        // ./build.sh inherits the loopback Hub's HF_ENDPOINT, HF_HUB_CACHE and HF_TOKEN set above, as a user's shell would.
        var (code, output) = Workflow.Cli.Tests.Build.BuildScript.Run(_root, new Dictionary<string, string> { ["IDIM_ARTIFACTS"] = Artifacts },
            ["--experiment=hubphotos.yaml"]);

        Assert.True(code == 0, output);
        Assert.Contains("Data: 27 images of 3 classes", output);
        Assert.Contains("Report: done", output);
        Assert.True(File.Exists(Path.Combine(Folder, "report", "index.html")));
    }

    [Fact]
    public void Should_DecodeEveryRowAsPillow_When_ParquetHoldsEncodedImages()
    {
        Run("data");

        var (pixels, _) = NpyFile.ReadUInt8(Path.Combine(Folder, "data", "images_uint8.npy"));
        int[] indices = NpyFile.ReadLabels(Path.Combine(Folder, "data", "indices.npy"));
        Assert.Equal(Enumerable.Range(0, 27), indices);
        long offset = 0;
        foreach (int row in indices)
        {
            var (expected, _) = PillowFixture.Array(_trainFiles[row]);
            Assert.True(expected.AsSpan().SequenceEqual(pixels.AsSpan((int)offset, expected.Length)), $"row {row} ({_trainFiles[row]}) differs from Pillow");
            offset += expected.Length;
        }
    }

    [Fact]
    public void Should_PlanOffline_When_TheHubDatasetWasNeverRead()
    {
        string plan = Run("plan");

        Assert.Contains("Data: stale", plan);
        Assert.Contains($"hub dataset {Repo}@main", plan);
        Assert.Contains("known once the Data stage has read the dataset", plan);
        Assert.Empty(_hub.Server.LogEntries);
    }

    [Fact]
    public void Should_StayUpToDate_When_TheHubIsUnchanged()
    {
        Run("data");

        Assert.Contains("Data: up to date", Run("data"));
    }
}
