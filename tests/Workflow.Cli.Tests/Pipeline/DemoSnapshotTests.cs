using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter;
using Snapshooter.Xunit;
using Workflow.Core.Paths;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Snapshots of the demo's report.md and correlation.json (issue 7): the shipped experiments/demo.yaml run end to
/// end, with the report date fixed through SOURCE_DATE_EPOCH. To accept an intended change, delete the .snap file
/// and rerun (mismatches are written to __snapshots__/__mismatch__/).
/// </summary>
public sealed class DemoSnapshotTests : IDisposable
{
    private static readonly string RepoRoot = ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Workflow.sln not found above " + AppContext.BaseDirectory);
    private static readonly string SnapshotFolder = Path.Combine(RepoRoot, "tests", "Workflow.Cli.Tests");
    private readonly string _artifacts = Directory.CreateTempSubdirectory("idim-demo-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public void Should_MatchSnapshots_When_RunningTheDemo()
    {
        string? epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", "1700000000"); // 2023-11-14 22:13:20 UTC
        try
        {
            foreach (string stage in PipelineWorkspace.Stages.Split(' '))
            {
                var (code, output, error) = CliRunner.Run(stage, "--experiment", Path.Combine(RepoRoot, "experiments", "demo.yaml"), "--artifacts", _artifacts);
                Assert.True(code == 0, $"idim {stage} exited {code}\n{output}\n{error}");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", epoch);
        }
        string folder = Path.Combine(_artifacts, "demo");

        Snapshot.Match(File.ReadAllText(Path.Combine(folder, "report", "report.md")), new SnapshotFullName("demo-report.md.snap", SnapshotFolder));
        // correlation.json keeps 6 significant digits; the last of them can move with a CPU's float32 kernels (another
        // SIMD width sums in another order), so the snapshot compares the numbers at 4 decimals — the file's structure,
        // keys and every value to that precision.
        Snapshot.Match(RoundNumbers(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "correlation.json"))))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            new SnapshotFullName("demo-correlation.json.snap", SnapshotFolder));
    }

    private static JsonNode? RoundNumbers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList()) obj[key] = RoundNumbers(obj[key]?.DeepClone());
                return obj;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++) array[i] = RoundNumbers(array[i]?.DeepClone());
                return array;
            case JsonValue value when value.TryGetValue(out double number):
                return JsonValue.Create(Math.Round(number, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture));
            default:
                return node;
        }
    }
}
