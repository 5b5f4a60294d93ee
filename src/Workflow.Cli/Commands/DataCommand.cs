using System.CommandLine;
using System.Diagnostics;
using Workflow.Cli.Stages;
using Workflow.Pipeline;
using Workflow.Core.Data;
using Workflow.Core.Net;

namespace Workflow.Cli.Commands;

/// <summary><c>idim data</c>: fetch CIFAR archives, write the calibration dataset.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data",
            "The Data stage: with --experiment, prepare the experiment's dataset (download + md5 for CIFAR, generate for calibration) " +
            "and write its per-class selection to artifacts/<experiment>/data/. Subcommands work on datasets directly.");
        var stage = new StageOptions();
        stage.AddTo(command, StageRegistry.Graph[StageNames.Data]);
        command.SetAction(result => StageCommand.RunStage(stage.Read(result), StageNames.Data));
        command.Subcommands.Add(CreateFetch());
        command.Subcommands.Add(CreateCalibration());
        return command;
    }

    private static Command CreateFetch()
    {
        var dataset = new Option<string>("--dataset") { Description = "cifar10 or cifar100.", Required = true };
        dataset.AcceptOnlyFromAmong("cifar10", "cifar100");
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = $"Data folder (default: ${DataFolder.EnvironmentVariable}, else artifacts/data).",
        };
        var command = new Command("fetch",
            "Download (resumable), verify (md5) and extract a CIFAR binary archive into the data folder. " +
            "A verified archive is never downloaded again; a corrupt or partial one is fetched again.");
        command.Options.Add(dataset);
        command.Options.Add(dataDir);
        command.SetAction((parse, ct) => FetchAsync(DatasetSpec.ParseName(parse.GetValue(dataset)!), parse.GetValue(dataDir), ct));
        return command;
    }

    private static Command CreateCalibration()
    {
        var output = new Option<string?>("--output")
        {
            Description = $"Folder to write (default: <data folder>/{DatasetCatalog.CalibrationFolderName}).",
        };
        var train = new Option<int>("--train-per-class") { Description = "Training images per class.", DefaultValueFactory = _ => CalibrationDataset.ReferencePerClass }.AtLeast(1);
        var test = new Option<int>("--test-per-class") { Description = "Test images per class.", DefaultValueFactory = _ => CalibrationDataset.DefaultTestPerClass }.AtLeast(1);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the latent factors.", DefaultValueFactory = _ => 0UL };
        var command = new Command("calibration",
            "Write the synthetic calibration dataset (10 classes of 32x32 images with known intrinsic dimension 1-12) in the " +
            "CIFAR-10 binary layout, plus latent_dims.json. See docs/calibration.md.");
        command.Options.Add(output);
        command.Options.Add(train);
        command.Options.Add(test);
        command.Options.Add(seed);
        command.SetAction(parse => WriteCalibration(parse.GetValue(output), parse.GetValue(train), parse.GetValue(test), parse.GetValue(seed)));
        return command;
    }

    private static async Task<int> FetchAsync(DatasetName name, string? dataDir, CancellationToken ct)
    {
        string root = DataFolder.Resolve(dataDir);
        CifarArchive archive = CifarArchive.For(name);
        using HttpClient client = HttpDownloader.CreateHttpClient();
        var store = new CifarArchiveStore(root, new HttpDownloader(client));
        if (store.IsReady(archive))
        {
            Console.WriteLine($"{DatasetSpec.FormatName(name)}: up to date in {store.ExtractedFolder(archive)} (md5 {archive.Md5} verified).");
            return 0;
        }
        try
        {
            string folder = await DownloadProgressBar.RunAsync(archive.FileName, archive.Size,
                progress => store.EnsureExtractedAsync(archive, progress, ct));
            Console.WriteLine($"{DatasetSpec.FormatName(name)}: verified (md5 {archive.Md5}) and extracted to {folder}.");
            return 0;
        }
        catch (DownloadException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static int WriteCalibration(string? output, int trainPerClass, int testPerClass, ulong seed)
    {
        string folder = Path.GetFullPath(output ?? Path.Combine(DataFolder.Resolve(), DatasetCatalog.CalibrationFolderName));
        var watch = Stopwatch.StartNew();
        CalibrationDataset.Write(folder, trainPerClass, testPerClass, seed);
        Console.WriteLine($"calibration: {CalibrationDataset.Classes.Count} classes × ({trainPerClass} train + {testPerClass} test) images " +
                          $"written to {folder} in {watch.Elapsed.TotalSeconds:F1} s.");
        foreach (CalibrationClass cls in CalibrationDataset.Classes)
            Console.WriteLine($"  {cls.Label}  {cls.Name,-4} d = {cls.LatentDims,2}  factors: {string.Join(", ", cls.Factors)}");
        return 0;
    }
}
