using System.CommandLine;
using System.Text;
using Workflow.Core.Correlate;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim correlate --twonn twonn.csv --output dir [--summary last|max|mean|&lt;int&gt;|&lt;float&gt;]</c>: writes
/// correlation.json and correlation.csv (see <see cref="Correlator"/>).
/// </summary>
internal static class CorrelateCommand
{
    public static Command Create()
    {
        var twonn = new Option<FileInfo>("--twonn") { Description = "The TwoNN stage's twonn.csv.", Required = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for correlation.json and correlation.csv.", Required = true };
        var summary = new Option<string>("--summary")
        {
            Description = "Layer summary: last (default), max, mean, a layer index (3) or a relative depth (0.5).",
            DefaultValueFactory = _ => "last",
        };
        var estimator = new Option<string?>("--estimator") { Description = "Estimator rows to use (fit or mle) when twonn.csv holds several." };
        var latentDims = new Option<FileInfo?>("--latent-dims")
        {
            Description = $"Calibration dataset's {LatentDimensions.FileName} (class name -> true d_k); default: that file beside twonn.csv, if any.",
        };

        var command = new Command("correlate",
            "Correlate per-class IDs across models: Pearson (lower) / Spearman (upper) matrices with two-sided p-values at the layer " +
            "summary and at every relative depth, agreement (median Spearman rho), and for a calibration dataset rho(true d_k, ID at layer 0).");
        command.Options.Add(twonn);
        command.Options.Add(output);
        command.Options.Add(summary);
        command.Options.Add(estimator);
        command.Options.Add(latentDims);
        command.SetAction(parse => Run(parse.GetValue(twonn)!, parse.GetValue(output)!, parse.GetValue(summary) ?? "last",
            parse.GetValue(estimator), parse.GetValue(latentDims)));
        return command;
    }

    private static int Run(FileInfo twonn, DirectoryInfo output, string summaryText, string? estimator, FileInfo? latentDims)
    {
        try
        {
            var summary = LayerSummary.Parse(summaryText);
            string? dimsPath = latentDims?.FullName;
            string besides = Path.Combine(twonn.DirectoryName ?? ".", LatentDimensions.FileName);
            if (dimsPath is null && File.Exists(besides)) dimsPath = besides;
            if (dimsPath is not null && !File.Exists(dimsPath))
                throw new FileNotFoundException($"{dimsPath} not found (given with --latent-dims).");
            if (!twonn.Exists) throw new FileNotFoundException($"{twonn.FullName} not found: run the TwoNN stage first.");

            var rows = TwoNnCsv.ReadFile(twonn.FullName);
            var options = new CorrelateOptions(summary, estimator, TrueDimensions: dimsPath is null ? null : LatentDimensions.ReadFile(dimsPath));
            var result = Correlator.Correlate(rows, options);

            Directory.CreateDirectory(output.FullName);
            string json = Path.Combine(output.FullName, "correlation.json");
            string csv = Path.Combine(output.FullName, "correlation.csv");
            WriteAtomically(json, CorrelationJson.ToJson(result));
            WriteAtomically(csv, CorrelationCsv.ToCsv(result));

            Console.WriteLine($"correlate: {result.Models.Count} models, {result.Classes.Count} classes, estimator {result.Estimator}, " +
                              $"summary {result.Summary} ({result.Summary.Describe()}), {result.ByDepth.Count} depths");
            Console.WriteLine($"correlate: median Spearman rho at the summary {Number(result.AtSummary.Agreement)}");
            if (result.Calibration is { } calibration)
                foreach (var c in calibration.Correlations)
                    Console.WriteLine($"correlate: calibration rho(d_k, ID at layer {c.Layer}) {c.Model}: {Number(c.Spearman.Coefficient)}");
            Console.WriteLine($"correlate: wrote {json} and {csv}");
            return 0;
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or ArgumentOutOfRangeException or KeyNotFoundException
                                       or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "undefined";

    private static void WriteAtomically(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text, new UTF8Encoding(false));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
