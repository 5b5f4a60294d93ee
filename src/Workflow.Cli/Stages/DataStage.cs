using System.Text.Json;
using Workflow.Cli.Terminal;
using Workflow.Core.Cache;
using Workflow.Core.Data;
using Workflow.Core.IO;

namespace Workflow.Cli.Stages;

/// <summary>
/// Data stage: prepare the dataset (download + md5 for CIFAR, generate for calibration) and write the
/// experiment's deterministic per-class selection: images (N×H×W×3 uint8), labels, source indices and
/// class names (+ the true latent dimensions for the calibration set).
/// </summary>
internal static class DataStage
{
    public static int Run(StageContext context)
    {
        var unit = PipelineUnits.Data(context);
        StageRunner.Run(context, unit.Key, unit.Inputs!, () => Produce(context));
        return 0;
    }

    private static IReadOnlyList<string> Produce(StageContext context)
    {
        var d = context.Experiment.Dataset;
        if (d.Images is not null) return ImageDatasetStage.Produce(context);
        var spec = new DatasetSpec(DatasetSpec.ParseName(d.Name), DatasetSpec.ParseSplit(d.Split), d.PerClass, (ulong)d.Seed, DatasetSpec.ParseLabels(d.Labels));
        var catalog = new DatasetCatalog(context.DataRoot);
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
            Write(context, StageNames.Images, path => NpyFile.WriteUInt8(path, images.Pixels, [images.Count, images.Height, images.Width, LabeledImages.Channels])),
            Write(context, StageNames.Labels, path => NpyFile.WriteLabels(path, images.Labels)),
            Write(context, StageNames.Indices, path => NpyFile.WriteLabels(path, images.SourceIndices)),
        };
        var classes = new ClassesFile(d.Name, d.Split, d.Labels, images.ClassNames.ToArray(),
            spec.Name == DatasetName.Calibration ? CalibrationDataset.ReadLatentDims(prepared.Folder).ToDictionary() : null);
        written.Add(Write(context, StageNames.Classes, path => File.WriteAllText(path, JsonSerializer.Serialize(classes, ClassesFile.JsonOptions))));
        Console.WriteLine($"Data: {images.Count} images of {images.ClassNames.Count} classes ({d.Name}, {d.Split}, up to {d.PerClass} per class, seed {d.Seed}).");
        return written;
    }

    /// <summary>Writes one output under a temporary name, then renames it into place.</summary>
    private static string Write(StageContext context, string relative, Action<string> write)
    {
        string path = context.Cache.PathOf(relative);
        AtomicFile.WriteTo(path, write);
        return path;
    }
}
