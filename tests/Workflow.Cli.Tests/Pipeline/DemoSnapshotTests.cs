using System.Text.RegularExpressions;
using Workflow.Core.Paths;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Snapshots of the demo's report.md and correlation.json (issue 7): the shipped experiments/demo.yaml run end to
/// end, with the report date fixed through SOURCE_DATE_EPOCH. To accept an intended change, delete the .snap file
/// and rerun: the test records it and fails once.
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
        // Words exactly; each rounded number within one unit of its last digit (RoundedTextComparison: the CPU vendor
        // can move a value across a rounding boundary, see below).
        AssertMatchesRecorded("demo-report.md.snap", report, (recorded, current) => RoundedTextComparison.Differences(recorded, current));
        // The tests run in portable numerics (PortableNumericsSetup): the same bits on every x86-64 CPU of one vendor, at any
        // thread count and vector width (PortableNumericsTests checks the hashes per vendor). Between an Intel and an AMD CPU
        // the numbers differ in the sixth significant digit (MKL's reproducible AVX2 branch is Intel-only): measured, at most
        // 2.4e-6 relative for a per-class ID and 2.8e-5 for a Pearson p-value of 2.8e-7 (docs/numerics.md). The tolerance,
        // 1e-4 relative, is 3.5 times the largest measured difference and far below any difference a change of the code makes.
        AssertMatchesRecorded("demo-correlation.json.snap", File.ReadAllText(Path.Combine(folder, "correlation.json")),
            (recorded, current) => JsonNumbersComparison.Differences(recorded, current, CrossVendorTolerance));
    }

    /// <summary>
    /// Compares <paramref name="current"/> with the recorded snapshot file; a missing file is recorded from this run and the
    /// test fails once, so that a new snapshot is looked at before it is committed (delete the file to re-record).
    /// </summary>
    private static void AssertMatchesRecorded(string name, string current, Func<string, string, IReadOnlyList<string>> differences)
    {
        string snapshot = Path.Combine(SnapshotFolder, "__snapshots__", name);
        if (!File.Exists(snapshot))
        {
            File.WriteAllText(snapshot, current);
            Assert.Fail($"{snapshot} did not exist; recorded it from this run. Check it and commit it.");
        }
        var found = differences(File.ReadAllText(snapshot), current);
        Assert.True(found.Count == 0, $"{name} differs from {snapshot}:\n" + string.Join("\n", found.Take(20)));
    }

    /// <summary>Relative tolerance between CPU vendors in portable numerics (see the test's comment).</summary>
    private const double CrossVendorTolerance = 1e-4;

    [GeneratedRegex(@"^\| Embedded on \| .* \|$", RegexOptions.Multiline)]
    private static partial Regex EmbeddedOnRow();
}
