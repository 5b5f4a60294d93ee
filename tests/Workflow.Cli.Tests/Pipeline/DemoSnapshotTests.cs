using System.Text.RegularExpressions;
using Snapshooter;
using Snapshooter.Xunit;
using Workflow.Core.Paths;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Snapshots of the demo's report.md and correlation.json (issue 7): the shipped experiments/demo.yaml run end to
/// end, with the report date fixed through SOURCE_DATE_EPOCH. To accept an intended change, delete the .snap file
/// and rerun (mismatches are written to __snapshots__/__mismatch__/).
/// </summary>
public sealed partial class DemoSnapshotTests : IDisposable
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

        // The one machine-dependent line of the report says where the embeddings were computed (CPU, threads, libraries).
        string report = EmbeddedOnRow().Replace(File.ReadAllText(Path.Combine(folder, "report", "report.md")), "| Embedded on | (this machine) |");
        Snapshot.Match(report, new SnapshotFullName("demo-report.md.snap", SnapshotFolder));
        // Every digit: the tests run in portable numerics (PortableNumericsSetup), whose numbers are the same bits on
        // every x86-64 machine with AVX2 and at any thread count (docs/numerics.md) — no rounding to hide a CPU's kernels.
        Snapshot.Match(File.ReadAllText(Path.Combine(folder, "correlation.json")), new SnapshotFullName("demo-correlation.json.snap", SnapshotFolder));
    }

    [GeneratedRegex(@"^\| Embedded on \| .* \|$", RegexOptions.Multiline)]
    private static partial Regex EmbeddedOnRow();
}
