using System.Text.Json;
using Workflow.Core.Cache;
using Workflow.Core.Data.Images;
using Workflow.Core.Experiments;
using Workflow.Core.IO;

namespace Workflow.Pipeline;

/// <summary>
/// The Data stage for datasets the user brings (<c>imagefolder</c>, <c>hub</c>): select per class, decode exactly as
/// Pillow, and write the images at their own sizes (<see cref="ImageArrays"/>) with labels, source indices and class names.
/// </summary>
internal static class ImageDatasetStage
{
    public static IReadOnlyList<string> Produce(StageContext context, StagedOutputs outputs)
    {
        var d = context.Experiment.Dataset;
        ImageDatasetConfig source = d.Images!;
        DecodedDataset dataset = d.Name == "hub"
            ? HubDatasetSource.Load(source, d)
            : ImageFolderSource.Load(source, d);

        foreach (string skipped in dataset.Skipped) Console.WriteLine("skipped: " + skipped);
        var counts = dataset.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var shortClasses = Enumerable.Range(0, dataset.ClassNames.Count).Where(c => counts.GetValueOrDefault(c) < d.PerClass)
            .Select(c => $"{dataset.ClassNames[c]} ({counts.GetValueOrDefault(c)})").ToList();
        if (shortClasses.Count > 0)
            Console.WriteLine($"note: fewer than per_class = {d.PerClass} images in: {string.Join(", ", shortClasses)} (all of them are used)");
        if (dataset.Images.Count == 0)
            throw new InvalidDataException($"No image of {Describe(d)} could be decoded ({dataset.Skipped.Count} skipped). What to do: check the files.");

        var arrays = ImageArrays.FromImages(dataset.Images);
        var written = new List<string>(arrays.Write(outputs.PathOf(StageNames.Images), outputs.PathOf(StageNames.ImageSizes),
            (path, write) => AtomicFile.WriteTo(path, write)));
        string labels = outputs.PathOf(StageNames.Labels), indices = outputs.PathOf(StageNames.Indices);
        AtomicFile.WriteTo(labels, p => NpyFile.WriteLabels(p, dataset.Labels));
        AtomicFile.WriteTo(indices, p => NpyFile.WriteLabels(p, dataset.SourceIndices));
        string classes = outputs.PathOf(StageNames.Classes);
        var file = new ClassesFile(d.Name, d.Split, d.Labels, dataset.ClassNames.ToArray(), null);
        AtomicFile.WriteAllText(classes, JsonSerializer.Serialize(file, ClassesFile.JsonOptions));
        written.AddRange([labels, indices, classes]);

        string sizes = arrays.Uniform
            ? $"all {arrays.Heights[0]}×{arrays.Widths[0]}"
            : $"{arrays.Heights.Min()}–{arrays.Heights.Max()} × {arrays.Widths.Min()}–{arrays.Widths.Max()} px";
        Console.WriteLine($"Data: {arrays.Count} images of {dataset.ClassNames.Count} classes ({Describe(d)}, up to {d.PerClass} per class, " +
                          $"seed {d.Seed}; {sizes}" + (dataset.Skipped.Count > 0 ? $"; {dataset.Skipped.Count} skipped" : "") + ").");
        return written;
    }

    private static string Describe(DatasetConfig d) => d.Name == "hub"
        ? $"hub {d.Images!.Repo}@{d.Images.Revision}, {d.Split}"
        : $"imagefolder {d.Images!.Path}";
}
