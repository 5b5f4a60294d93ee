using System.CommandLine;
using System.Text;
using Workflow.Cli.Stages;
using Workflow.Pipeline;
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
        var twonn = new Option<FileInfo?>("--twonn") { Description = "The TwoNN stage's twonn.csv (not with --experiment)." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Folder for correlation.json and correlation.csv (not with --experiment)." };
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

        var permutations = new Option<int>("--permutations")
        {
            Description = "Label shuffles behind each pair's permutation p (0: none; exact over all class orders when there are fewer). " +
                          "Intervals of r and rho come from twonn_bootstrap.npy beside twonn.csv, when present.",
            DefaultValueFactory = _ => Workflow.Core.Experiments.CorrelationConfig.DefaultPermutations,
        };
        var command = new Command("correlate",
            "Correlate per-class IDs across models: Pearson (lower) / Spearman (upper) matrices with two-sided p-values at the layer " +
            "summary and at every relative depth, agreement (median Spearman rho), and for a calibration dataset rho(true d_k, ID at layer 0).");
        command.Options.Add(twonn);
        command.Options.Add(output);
        command.Options.Add(summary);
        command.Options.Add(estimator);
        command.Options.Add(latentDims);
        command.Options.Add(permutations);
        var stage = new StageOptions();
        stage.AddTo(command, withDevice: false);
        command.SetAction(parse =>
        {
            stage.RefuseMixedModes(parse, "correlate",
                [(twonn, null), (output, null), (summary, "correlation.summary"), (estimator, "twonn.estimator"), (latentDims, null), (permutations, "correlation.permutations")]);
            if (stage.InStageMode(parse)) return StageCommand.RunStage(stage.Read(parse), StageNames.Correlate);
            if (parse.GetValue(twonn) is not { } csv || parse.GetValue(output) is not { } folder)
            {
                Console.Error.WriteLine("error: give --twonn <twonn.csv> and --output <folder>, or --experiment <name> to run the Correlate stage.");
                return 1;
            }
            if (parse.GetValue(permutations) < 0) throw new Workflow.Core.UserError("--permutations must be 0 or more.");
            return Run(csv, folder, parse.GetValue(summary) ?? "last", parse.GetValue(estimator), parse.GetValue(latentDims), parse.GetValue(permutations));
        });
        return command;
    }

    private static int Run(FileInfo twonn, DirectoryInfo output, string summaryText, string? estimator, FileInfo? latentDims, int permutations)
    {
        try
        {
            string? dimsPath = latentDims?.FullName;
            string besides = Path.Combine(twonn.DirectoryName ?? ".", LatentDimensions.FileName);
            if (dimsPath is null && File.Exists(besides)) dimsPath = besides;
            if (dimsPath is not null && !File.Exists(dimsPath))
                throw new FileNotFoundException($"{dimsPath} not found (given with --latent-dims).");
            CorrelateFiles.Run(twonn.FullName, output.FullName, summaryText, estimator,
                dimsPath is null ? null : LatentDimensions.ReadFile(dimsPath),
                Path.Combine(twonn.DirectoryName ?? ".", StageNames.TwoNnBootstrap), permutations);
            return 0;
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or ArgumentOutOfRangeException or KeyNotFoundException
                                       or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

}
