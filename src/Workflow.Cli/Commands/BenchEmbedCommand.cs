using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Workflow.Pipeline;
using Workflow.Core.Data;
using Workflow.Core.IO;
using Workflow.Torch.Models;
using Workflow.Torch.Tiny;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim bench embed</c> (issue 5): the Embed stage end to end on a ViT-base-sized random checkpoint — the real Data and
/// Embed stage code on a temporary experiment (calibration images, one <c>path:</c> model), then Parquet write/read
/// throughput and the process's peak working set (docs/benchmarks.md).
/// </summary>
internal static class BenchEmbedCommand
{
    /// <summary>ViT-base-patch16-224's sizes.</summary>
    internal static readonly TinyCheckpointOptions VitBase = new()
    {
        ImageSize = 224, PatchSize = 16, HiddenSize = 768, Layers = 12, Heads = 12, IntermediateSize = 3072,
    };

    /// <summary>The calibration dataset's classes, and the images per class of its training split.</summary>
    internal static readonly int Classes = CalibrationDataset.Classes.Count, MaxPerClass = CalibrationDataset.ReferencePerClass;

    /// <summary>The smallest per-class count an experiment accepts (dataset.per_class).</summary>
    internal const int MinPerClass = 3;

    internal static readonly string[] Poolings = ["cls", "mean", "flatten"];

    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Images to embed: a multiple of 10 (the calibration set's classes), 30 to 5000.", DefaultValueFactory = _ => 320 };
        images.Validators.Add(result =>
        {
            if (ImagesError(result.GetValueOrDefault<int>()) is { } error) result.AddError(error);
        });
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 32 };
        batch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--batch-size must be at least 1.");
        });
        var dtype = new Option<string>("--dtype") { Description = "float32, bfloat16 or float16.", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong([.. PretrainedVisionModel.DTypeChoices]);
        var pooling = new Option<string>("--pooling") { Description = "cls, mean or flatten.", DefaultValueFactory = _ => "cls" };
        pooling.AcceptOnlyFromAmong(Poolings);
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda", "auto");
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (checkpoint, experiment, artifacts) and print its path." };
        var numerics = NumericsOption.Create();
        var command = new Command("embed",
            "Time the Embed stage end to end (read -> preprocess -> forward -> pool -> Parquet) on a ViT-base-sized random checkpoint " +
            "(768 hidden, 12 layers, 12 heads, MLP 3072, 224 px, patch 16) and calibration images; then Parquet write/read throughput and peak memory.")
        {
            images, batch, dtype, pooling, device, keep, numerics,
        };
        command.SetAction(parse => Run(new BenchEmbedSettings(
            parse.GetValue(images), parse.GetValue(batch), parse.GetValue(dtype)!, parse.GetValue(pooling)!, parse.GetValue(device)!, parse.GetValue(keep),
            parse.GetValue(numerics)!)));
        return command;
    }

    /// <summary>Why <paramref name="images"/> is not a valid <c>--images</c>, or null.</summary>
    internal static string? ImagesError(int images) =>
        images < Classes * MinPerClass || images > Classes * MaxPerClass || images % Classes != 0
            ? $"--images must be a multiple of {Classes} (the calibration set's classes) from {Classes * MinPerClass} to {Classes * MaxPerClass}; got {images}."
            : null;

    /// <summary>The temporary experiment: calibration training images, one model read from <c>model/</c> next to the file.</summary>
    internal static string ExperimentYaml(BenchEmbedSettings s) => string.Create(CultureInfo.InvariantCulture, $"""
        name: bench-embed
        description: idim bench embed - a ViT-base-sized random checkpoint on calibration images.
        dataset:
          name: calibration
          split: train
          per_class: {s.Images / Classes}
          seed: 0
        models:
          - name: vit-base-random
            path: model
        embedding:
          pooling: {s.Pooling}
          layers: all
          batch_size: {s.BatchSize}
          device: {s.Device}
          dtype: {s.Dtype}
        numerics: {s.Numerics}

        """);

    private static int Run(BenchEmbedSettings s)
    {
        Workflow.Torch.Runtime.TorchNumerics.Configure(Workflow.Core.Numerics.NumericsModes.Parse(s.Numerics));
        Workflow.Torch.Runtime.TorchRuntime.EnsureLoaded();
        string work = Directory.CreateTempSubdirectory("idim-bench-embed-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            TinyCheckpoint.Write(Path.Combine(work, "model"), "vit", seed: 1, VitBase);
            Say($"checkpoint: ViT-base-sized random ViTModel written in {clock.Elapsed.TotalSeconds:F1} s; {TorchSharp.torch.get_num_threads()} libtorch threads, {Environment.ProcessorCount} logical CPUs");
            bool peakReset = ResetPeakWorkingSet();
            string yaml = Path.Combine(work, "bench-embed.yaml");
            File.WriteAllText(yaml, ExperimentYaml(s));
            // The calibration set is generated under <work>/artifacts/data (or $IDIM_DATA when set).
            var context = StageContext.Create(new StageSettings(yaml, Force: false, Verify: false, Wait: false, Device: null, Artifacts: Path.Combine(work, "artifacts")));

            clock.Restart();
            UnitRunner.Run(context, StageRegistry.Graph[StageNames.Data]);
            Say($"data stage: {clock.Elapsed.TotalSeconds:F1} s");

            EmbedTiming? timing = null;
            clock.Restart();
            UnitRunner.Run(context, new EmbedStage { Embedded = (_, t) => timing = t });
            double stageSeconds = clock.Elapsed.TotalSeconds;
            if (timing is null) throw new InvalidOperationException("The Embed stage embedded no model.");
            var model = context.Experiment.Models[0];
            Report(s, context, model.Name, timing, stageSeconds, peakReset);
            if (s.Keep) Say($"kept {work}");
            return 0;
        }
        finally
        {
            if (!s.Keep) Directory.Delete(work, recursive: true);
        }
    }

    private static void Report(BenchEmbedSettings s, StageContext context, string model, EmbedTiming timing, double stageSeconds, bool peakReset)
    {
        double forward = timing[EmbedPhase.Forward].TotalSeconds;
        Say(I($"end to end: {timing.Images} images in {timing.Total.TotalSeconds:F1} s -> {timing.ImagesPerSecond:F2} images/s ") +
            I($"(whole Embed stage incl. weight hashing and the stage record: {stageSeconds:F1} s -> {timing.Images / stageSeconds:F2} images/s)"));
        string verdict = timing.OutsideForwardPercent < 10 ? "met" : "not met";
        Say(I($"outside the forward pass: {timing.OutsideForwardPercent:F1}% of the model's embed, {100 * (1 - forward / stageSeconds):F1}% of the stage ") +
            I($"(target < 10%: {verdict}); ") +
            I($"load {timing[EmbedPhase.Load].TotalSeconds:F2} s, read {timing[EmbedPhase.Read].TotalSeconds:F3} s, preprocess {timing[EmbedPhase.Preprocess].TotalSeconds:F2} s, ") +
            I($"forward {forward:F1} s, pool {timing[EmbedPhase.Pool].TotalSeconds:F2} s, write {timing[EmbedPhase.Write].TotalSeconds:F2} s, other {timing.Other.TotalSeconds:F2} s"));

        string[] files = Directory.GetFiles(context.Cache.PathOf(StageNames.EmbeddingFolder(model)), "*.parquet").Order(StringComparer.Ordinal).ToArray();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        double write = timing[EmbedPhase.Write].TotalSeconds;
        long rows = (long)timing.Images * files.Length;
        long vectorLength = EmbeddingPooling.Dimension(s.Pooling, (VitBase.ImageSize / VitBase.PatchSize) * (VitBase.ImageSize / VitBase.PatchSize) + 1, VitBase.HiddenSize);
        Say(I($"parquet write: {files.Length} files, {bytes / 1e6:F1} MB, {rows} rows in {write:F2} s -> {bytes / 1e6 / write:F0} MB/s, {rows / write:F0} rows/s ") +
            I($"({bytes / (double)rows:F0} bytes per row; the vector alone: {4 * vectorLength} bytes, {s.Pooling} pooling)"));

        var clock = Stopwatch.StartNew();
        foreach (string file in files)
        {
            EmbeddingTable table = EmbeddingParquet.Read(file);
            if (table.Vectors.Rows != timing.Images)
                throw new InvalidDataException($"{file}: read {table.Vectors.Rows} rows, expected {timing.Images}.");
        }
        double read = clock.Elapsed.TotalSeconds;
        Say($"parquet read: EmbeddingParquet.Read of {files.Length} files in {read:F2} s -> {bytes / 1e6 / read:F0} MB/s, {rows / read:F0} rows/s");
        Say(I($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB ") +
            (peakReset ? "(Data + Embed stages and the reads above; the peak was reset after writing the checkpoint)" : "(whole process, including writing the checkpoint)"));
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        Say($"managed heap now: {gc.HeapSizeBytes / (1024.0 * 1024):F0} MiB (committed {gc.TotalCommittedBytes / (1024.0 * 1024):F0} MiB), {GC.CollectionCount(2)} gen2 collections");
    }

    /// <summary>
    /// Resets the process's peak resident set (Linux: "5" to /proc/self/clear_refs), so the peak reported at the end covers
    /// the stages and not writing the checkpoint (which holds the model twice). Returns false where that is not possible.
    /// </summary>
    private static bool ResetPeakWorkingSet()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            GC.Collect();
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Say(FormattableString line) => Say(I(line));

    private static void Say(string line) => Console.Out.WriteLine(line);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The options of <c>idim bench embed</c>.</summary>
internal sealed record BenchEmbedSettings(int Images, int BatchSize, string Dtype, string Pooling, string Device, bool Keep, string Numerics = "portable");
