using System.Globalization;
using Workflow.Pipeline;
using Workflow.Core.Data;
using Workflow.Core.Experiments;
using Workflow.Torch.Hub;
using Workflow.Torch.Models;
using Workflow.Torch.Rehearsal;

namespace Workflow.Cli.Planning;

/// <summary>One file the run will download: where from, and its size when known.</summary>
internal sealed record PlannedDownload(string What, string File, long? Bytes, string SizeFrom);

/// <summary>One model's Embed forecast: its architecture size, images (null until a Hub dataset is read) and projected seconds (null when no measured figure applies).</summary>
internal sealed record EmbedForecast(string Model, string? Size, int? Images, double? Seconds);

/// <summary>
/// What <c>idim plan</c> adds before a first run, offline: the files Data and Embed will download (sizes from the Hub
/// cache where a file is already there, else from the poster repos' published file lists or the archive's published
/// size) and how long Embed will take here, from the images/s measured per architecture size
/// (<see cref="MeasuredThroughput"/>).
/// </summary>
internal static class PlanForecast
{
    public static IReadOnlyList<PlannedDownload> Downloads(StageContext context)
    {
        var list = new List<PlannedDownload>();
        ExperimentConfig experiment = context.Experiment;
        if (experiment.Dataset.Images is { Repo: { } datasetRepo } hub)
            list.Add(new PlannedDownload($"hub dataset {datasetRepo}@{hub.Revision ?? "main"}", $"the {experiment.Dataset.Split} split's Parquet files", null,
                "size unknown until the Hub answers"));
        else if (experiment.Dataset.Images is null && DatasetSpec.ParseName(experiment.Dataset.Name) is var dataset && dataset != DatasetName.Calibration)
        {
            CifarArchive archive = CifarArchive.For(dataset);
            if (!VerificationStamp.IsValid(Path.Combine(context.DataRoot, archive.FileName), archive.Md5))
                list.Add(new PlannedDownload(experiment.Dataset.Name, archive.FileName, archive.Size, "published size"));
        }
        var cache = new HubCache(HubOptions.FromEnvironment().CacheDirectory);
        foreach (ModelConfig model in experiment.Models.Where(m => m.Repo is not null))
        {
            if (ModelLocator.WeightsOffline(context, model).Hashes is not null) continue; // complete in the cache
            string? commit = cache.ResolveCommit(model.Repo!, model.Revision ?? "main");
            string? snapshot = commit is null ? null : cache.SnapshotFolder(model.Repo!, commit);
            string[] files = PosterRepos.Contains(model.Repo!)
                ? ["config.json", "preprocessor_config.json", PosterRepos.WeightFile(model.Repo!).Name]
                : ["config.json", "preprocessor_config.json", "model.safetensors or pytorch_model.bin"];
            foreach (string file in files)
            {
                string? cached = snapshot is null ? null : Path.Combine(snapshot, file);
                if (cached is not null && File.Exists(cached)) continue;
                long? bytes = PosterRepos.Contains(model.Repo!) ? PosterRepos.Files(model.Repo!).FirstOrDefault(f => f.Name == file)?.Bytes : null;
                list.Add(new PlannedDownload(model.Source, file, bytes, bytes is null ? "size unknown until the Hub answers" : "the repo's published file list"));
            }
        }
        return list;
    }

    public static IReadOnlyList<EmbedForecast> Embed(StageContext context, MeasuredThroughput measured)
    {
        ExperimentConfig experiment = context.Experiment;
        int? images = Images(context);
        var cache = new HubCache(HubOptions.FromEnvironment().CacheDirectory);
        var result = new List<EmbedForecast>();
        foreach (ModelConfig model in experiment.Models)
        {
            string? size = ConfigText(model, cache) is { } json ? ArchitectureSizes.Of(ModelFamilies.ParseConfig(json)) : null;
            double? seconds = images is { } n && size is not null && measured.Sizes.TryGetValue(size, out SizeThroughput? t) ? n / t.ImagesPerSecond : null;
            result.Add(new EmbedForecast(model.Name, size, images, seconds));
        }
        return result;
    }

    /// <summary>
    /// Images in the selection: the Data stage's labels when written, else classes × per_class (capped by the split; an
    /// image folder's files counted per class); null for a Hub dataset not read yet.
    /// </summary>
    public static int? Images(StageContext context)
    {
        string labels = context.Cache.PathOf(StageNames.Labels);
        if (File.Exists(labels)) return Workflow.Core.IO.NpyFile.ReadLabels(labels).Length;
        DatasetConfig d = context.Experiment.Dataset;
        if (d.Images is { Path: { } folder })
        {
            if (!Directory.Exists(folder)) return null;
            var index = Workflow.Core.Data.Images.ImageFolderIndex.Scan(folder);
            return index.Entries.GroupBy(e => e.Label).Sum(g => Math.Min(d.PerClass, g.Count()));
        }
        if (d.Images is not null) return null;
        var (classes, available) = (DatasetSpec.ParseName(d.Name), d.Split, d.Labels) switch
        {
            (DatasetName.Cifar10, "train", _) => (10, 5000),
            (DatasetName.Cifar10, _, _) => (10, 1000),
            (DatasetName.Cifar100, var split, "coarse") => (20, split == "train" ? 2500 : 500),
            (DatasetName.Cifar100, var split, _) => (100, split == "train" ? 500 : 100),
            _ => (0, 0),
        };
        return classes * Math.Min(d.PerClass, available);
    }

    private static string? ConfigText(ModelConfig model, HubCache cache)
    {
        if (model.Repo is { } repo)
        {
            string? commit = cache.ResolveCommit(repo, model.Revision ?? "main");
            string? path = commit is null ? null : cache.SnapshotPath(repo, commit, "config.json");
            if (path is not null && File.Exists(path)) return File.ReadAllText(path);
            return PosterRepos.Contains(repo) ? PosterRepos.Config(repo) : null;
        }
        return model.Path is { } folder && File.Exists(Path.Combine(folder, "config.json")) ? File.ReadAllText(Path.Combine(folder, "config.json")) : null;
    }

    /// <summary>Prints both parts (what <c>idim plan</c> shows after the stage list).</summary>
    public static void Print(StageContext context, TextWriter output)
    {
        var downloads = Downloads(context);
        if (downloads.Count == 0) output.WriteLine("Downloads: none (dataset and models are in the local caches).");
        else
        {
            long known = downloads.Sum(d => d.Bytes ?? 0);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Downloads: {downloads.Count} file(s), {Bytes(known)}{(downloads.Any(d => d.Bytes is null) ? " + files of unknown size" : "")}:"));
            foreach (PlannedDownload d in downloads)
                output.WriteLine($"  {d.What}: {d.File}, {(d.Bytes is { } b ? Bytes(b) : "?")} ({d.SizeFrom})");
        }
        MeasuredThroughput measured = MeasuredThroughput.Load();
        var forecast = Embed(context, measured);
        output.WriteLine($"Embed from scratch on this machine (images/s measured per architecture size, {measured.Measured}, load average " +
                         string.Join(" / ", measured.Sizes.Select(s => $"{s.Key} {s.Value.LoadAverage.ToString("0", CultureInfo.InvariantCulture)}")) + "; docs/benchmarks.md):");
        foreach (EmbedForecast f in forecast)
            output.WriteLine(f.Images is null ? $"  {f.Model}: the number of images is known once the Data stage has read the dataset"
                : f.Seconds is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"  {f.Model}: {f.Size}, {f.Images:N0} images at {measured.Sizes[f.Size!].ImagesPerSecond:G3} images/s → {Duration(s)}")
                : $"  {f.Model}: no measured figure for its size (tiny or unknown architecture)");
        double total = forecast.Sum(f => f.Seconds ?? 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Embed total: {Duration(total)} ({total:F0} s)"));
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:F2} GB"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B"),
    };

    private static string Duration(double seconds) => seconds >= 3600
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min");
}
