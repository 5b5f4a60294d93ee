using System.Globalization;
using Workflow.Core.Cache;
using Workflow.Core.Correlate;

namespace Workflow.Pipeline;

/// <summary>twonn.csv → correlation.json + correlation.csv in a folder (shared by the stage and <c>idim correlate --twonn</c>).</summary>
internal static class CorrelateFiles
{
    /// <param name="bootstrap">twonn_bootstrap.npy beside twonn.csv, or null: no intervals.</param>
    /// <param name="permutations">Label-shuffle budget of each pair's p (0: none).</param>
    public static CorrelationStageResult Run(string twonnCsv, string outputFolder, string summary, string? estimator,
        IReadOnlyDictionary<string, double>? trueDimensions, string? bootstrap = null, int permutations = 0, ulong seed = 0)
    {
        if (!File.Exists(twonnCsv)) throw new FileNotFoundException($"{twonnCsv} not found: run the TwoNN stage first.", twonnCsv);
        var rows = TwoNnCsv.ReadFile(twonnCsv);
        var resampled = bootstrap is not null && File.Exists(bootstrap) ? TwoNnBootstrapFile.Resampled(bootstrap, rows) : null;
        var result = Correlator.Correlate(rows, new CorrelateOptions(LayerSummary.Parse(summary), estimator, TrueDimensions: trueDimensions,
            Permutations: permutations, Resampled: resampled, Seed: seed));
        Directory.CreateDirectory(outputFolder);
        string json = Path.Combine(outputFolder, StageNames.CorrelationJson);
        string csv = Path.Combine(outputFolder, StageNames.CorrelationCsv);
        AtomicFile.WriteAllText(json, CorrelationJson.ToJson(result));
        AtomicFile.WriteAllText(csv, CorrelationCsv.ToCsv(result));
        Console.WriteLine($"correlate: {result.Models.Count} models, {result.Classes.Count} classes, estimator {result.Estimator}, " +
                          $"summary {result.Summary} ({result.Summary.Describe()}), {result.ByDepth.Count} depths");
        Console.WriteLine($"correlate: median Spearman rho at the summary {Number(result.AtSummary.Agreement)}");
        if (result.Calibration is { } calibration)
            foreach (var c in calibration.Correlations)
                Console.WriteLine($"correlate: calibration rho(d_k, ID at layer {c.Layer}) {c.Model}: {Number(c.Spearman.Coefficient)}");
        return result;
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";
}
