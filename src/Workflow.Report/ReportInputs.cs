using Workflow.Core.Correlate;
using Workflow.Core.Report;

namespace Workflow.Report;

/// <summary>What the report is made from: the per-class IDs (twonn.csv), the correlations (correlation.json) and the run's metadata (run.json, optional).</summary>
/// <param name="Ids">The per-class IDs, for the estimator the correlations used.</param>
/// <param name="Correlation">The Correlate stage's result.</param>
/// <param name="Run">The run's metadata; null renders a header that says run.json was not found.</param>
public sealed record ReportInputs(ClassIdTable Ids, CorrelationStageResult Correlation, RunInfo? Run)
{
    /// <summary>The twonn.csv file name in an experiment's artifacts folder.</summary>
    public const string TwoNnFileName = "twonn.csv";

    /// <summary>The correlation.json file name.</summary>
    public const string CorrelationFileName = "correlation.json";

    /// <summary>Reads twonn.csv, correlation.json and (when present) run.json from <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">twonn.csv or correlation.json is missing (with what to run).</exception>
    public static ReportInputs Load(string folder)
    {
        string twonn = Path.Combine(folder, TwoNnFileName);
        string correlation = Path.Combine(folder, CorrelationFileName);
        string run = Path.Combine(folder, RunInfoJson.FileName);
        if (!File.Exists(twonn))
            throw new FileNotFoundException($"{twonn} not found: run the TwoNN stage first (idim twonn --experiment …).", twonn);
        if (!File.Exists(correlation))
            throw new FileNotFoundException($"{correlation} not found: run `idim correlate --twonn {twonn} --output {folder}` first.", correlation);

        var result = CorrelationJson.ReadFile(correlation);
        var ids = ClassIdTable.FromRows(TwoNnCsv.ReadFile(twonn), result.Estimator, result.Models);
        return new ReportInputs(ids, result, File.Exists(run) ? RunInfoJson.ReadFile(run) : null);
    }
}
