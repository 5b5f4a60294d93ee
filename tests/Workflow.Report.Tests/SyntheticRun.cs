using Workflow.Core.Correlate;
using Workflow.Core.Paths;
using Workflow.Core.Report;
using Workflow.Report;

namespace Workflow.Report.Tests;

/// <summary>
/// The synthetic fixture in TestData/synthetic (written by make_synthetic.py): three tiny models of 4, 6 and 8
/// blocks, ten calibration-like classes with known d_k, and the pixels pseudo-model. Rendered with a fixed date.
/// </summary>
internal static class SyntheticRun
{
    public static readonly DateTimeOffset Date = new(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "synthetic");

    public static IReadOnlyList<TwoNnRow> Rows => TwoNnCsv.ReadFile(Path.Combine(Folder, "twonn.csv"));

    public static RunInfo Run => RunInfoJson.ReadFile(Path.Combine(Folder, "run.json"));

    public static CorrelationStageResult Correlate(LayerSummary? summary = null) =>
        Correlator.Correlate(Rows, new CorrelateOptions(summary,
            TrueDimensions: LatentDimensions.ReadFile(Path.Combine(Folder, LatentDimensions.FileName))));

    public static ReportInputs Inputs()
    {
        var correlation = Correlate();
        return new ReportInputs(ClassIdTable.FromRows(Rows, correlation.Estimator, correlation.Models), correlation, Run);
    }

    /// <summary>The repository's artifacts folder (found from the test's output folder), for screenshots and rendered reports.</summary>
    public static string Artifacts(params string[] parts) =>
        Path.Combine([ArtifactsFolder.Resolve(AppContext.BaseDirectory), .. parts]);

    /// <summary>
    /// This test project's source folder (found from the repository root, not from PDB paths, which CI builds map to /_/);
    /// Snapshooter keeps the snapshots in its __snapshots__ subfolder.
    /// </summary>
    public static string SnapshotFolder =>
        Path.Combine(ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)
                     ?? throw new InvalidOperationException("Workflow.sln not found above " + AppContext.BaseDirectory),
            "tests", "Workflow.Report.Tests");
}
