using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Data;
using Workflow.Core.IO;

namespace Workflow.Pipeline;

/// <summary>
/// Data stage: prepare the dataset (download + md5 for CIFAR, generate for calibration) and write the
/// experiment's deterministic per-class selection: images (N×H×W×3 uint8), labels, source indices and
/// class names (+ the true latent dimensions for the calibration set).
/// </summary>
internal sealed class DataStage : Stage
{
    // Bump when this stage's code changes the meaning of its outputs.
    public const string Version = "data/1";

    public override string Name => StageNames.Data;

    /// <summary>The key of its single unit (read by downstream stages).</summary>
    public static StageKey UnitKey { get; } = new(StageNames.Data);

    public override string Description => "Download/verify (CIFAR) or generate (calibration) the dataset and select the images per class.";

    public override IReadOnlyList<string> DependsOn => [];

    /// <inheritdoc/>
    public override bool Downloads => true;

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var d = context.Experiment.Dataset;
        var parameters = new JsonObject { ["dataset"] = CanonicalJson.ToNode(d) };
        var inputs = new Dictionary<string, string> { ["source"] = DatasetSources.Identity(context) };
        return new StageUnit(Key(unit), new StageInputs(Version, parameters, inputs));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) =>
        [StageNames.Images, StageNames.ImageSizes, StageNames.Labels, StageNames.Indices, StageNames.Classes];

    public override UnitWork Prepare(StageContext context, string? unit)
    {
        SourceChecks.RepairDataSource(context); // a deleted or (with --verify/--force) damaged generated dataset is made again
        if (context.Experiment.Dataset.Images is { Repo: not null } hub) HubDatasetSource.Resolve(hub, context.Settings.Force);
        return new(Plan(context, unit), outputs => Produce(context, outputs));
    }

    private static IReadOnlyList<string> Produce(StageContext context, StagedOutputs outputs)
    {
        var d = context.Experiment.Dataset;
        if (d.Images is not null) return ImageDatasetStage.Produce(context, outputs);
        var spec = new DatasetSpec(DatasetSpec.ParseName(d.Name), DatasetSpec.ParseSplit(d.Split), d.PerClass, (ulong)d.Seed, DatasetSpec.ParseLabels(d.Labels));
        var catalog = new DatasetCatalog(context.DataRoot);
        // The data folder is shared by every experiment: one process at a time prepares and reads a dataset there.
        using var datasetLock = SharedItemLock.Exclusive(context.DataRoot, d.Name);
        PreparedDataset prepared = spec.Name == DatasetName.Calibration
            ? catalog.PrepareAsync(spec.Name).GetAwaiter().GetResult()
            : DownloadProgressBar.RunAsync($"{d.Name} archive", CifarArchive.For(spec.Name).Size,
                progress => catalog.PrepareAsync(spec.Name, progress)).GetAwaiter().GetResult();

        LabeledImages images = catalog.Load(spec);
        var counts = images.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var shortClasses = counts.Where(c => c.Value < d.PerClass).Select(c => $"{images.ClassNames[c.Key]} ({c.Value})").ToList();
        if (shortClasses.Count > 0)
            Console.WriteLine($"note: fewer than per_class = {d.PerClass} images in: {string.Join(", ", shortClasses)}");

        var written = new List<string>
        {
            Write(outputs, StageNames.Images, path => NpyFile.WriteUInt8(path, images.Pixels, [images.Count, images.Height, images.Width, LabeledImages.Channels])),
            Write(outputs, StageNames.Labels, path => NpyFile.WriteLabels(path, images.Labels)),
            Write(outputs, StageNames.Indices, path => NpyFile.WriteLabels(path, images.SourceIndices)),
        };
        var classes = new ClassesFile(d.Name, d.Split, d.Labels, images.ClassNames.ToArray(),
            spec.Name == DatasetName.Calibration ? CalibrationDataset.ReadLatentDims(prepared.Folder).ToDictionary() : null);
        written.Add(Write(outputs, StageNames.Classes, path => File.WriteAllText(path, JsonSerializer.Serialize(classes, ClassesFile.JsonOptions))));
        Console.WriteLine($"Data: {images.Count} images of {images.ClassNames.Count} classes ({d.Name}, {d.Split}, up to {d.PerClass} per class, seed {d.Seed}).");
        return written;
    }

    /// <summary>Writes one output under a temporary name, then renames it into place.</summary>
    private static string Write(StagedOutputs outputs, string relative, Action<string> write)
    {
        string path = outputs.PathOf(relative);
        AtomicFile.WriteTo(path, write);
        return path;
    }
}
