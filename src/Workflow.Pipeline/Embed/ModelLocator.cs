using Workflow.Core.Cache;
using Workflow.Core.Experiments;
using Workflow.Torch.Hub;
using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Pipeline;

/// <summary>A model's files on this machine, their content hashes, and for a Hub model where they came from.</summary>
internal sealed record LocalModel(string Folder, ModelWeights Weights, string? RepoId = null, string? Revision = null, string? Commit = null);

/// <summary>
/// Where a model's files are and what they hash to: a tiny model (written by idim under
/// <c>artifacts/models/</c>), a local folder, or a Hugging Face Hub repo (the standard Hub cache).
/// The offline view (<see cref="WeightsOffline"/>) never touches the network, so <c>idim plan</c> and
/// up-to-date checks work without it; <see cref="Prepare"/> downloads what is missing.
/// </summary>
internal static class ModelLocator
{
    /// <summary>The folder a tiny model is written to.</summary>
    public static string TinyFolder(StageContext context, TinyModelConfig tiny) =>
        Path.Combine(context.ArtifactsRoot, "models", $"tiny-{tiny.Family}-seed{tiny.Seed}-v{TinyCheckpoint.WriterVersion}");

    /// <summary>The model's file hashes as far as known locally (no network).</summary>
    public static ModelWeights WeightsOffline(StageContext context, ModelConfig model)
    {
        if (model.Tiny is { } tiny)
            // Written deterministically from (family, seed) by a versioned writer: the recipe is the identity.
            return new ModelWeights(new Dictionary<string, string> { ["tiny"] = $"{tiny.Family}/seed{tiny.Seed}/writer{TinyCheckpoint.WriterVersion}" });
        if (model.Path is not null)
        {
            string folder = LocalFolder(context, model);
            return Directory.Exists(folder)
                ? new ModelWeights(HashFolder(folder))
                : new ModelWeights(null, $"model folder {folder} does not exist");
        }
        var cache = new HubCache(HubOptions.FromEnvironment().CacheDirectory);
        string revision = model.Revision ?? "main";
        string? commit = cache.ResolveCommit(model.Repo!, revision);
        string? snapshot = commit is null ? null : cache.SnapshotFolder(model.Repo!, commit);
        if (snapshot is null || !File.Exists(Path.Combine(snapshot, "config.json")))
            return new ModelWeights(null, $"{model.Source} is not in the Hugging Face cache ({cache.Root}); " +
                (HubOptions.FromEnvironment().Offline ? "HF_HUB_OFFLINE is set, so Embed cannot download it: unset it once, or copy a filled cache there" : "Embed will download it"));
        try
        {
            return new ModelWeights(HashSnapshot(snapshot));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return new ModelWeights(null, $"{model.Source} is incomplete in the Hugging Face cache ({e.Message}); Embed will download it");
        }
    }

    /// <summary>Makes the model's files available locally (writes a tiny model, downloads a Hub repo) and hashes them.</summary>
    public static LocalModel Prepare(StageContext context, ModelConfig model)
    {
        if (model.Tiny is { } tiny)
        {
            string folder = TinyFolder(context, tiny);
            // artifacts/models is shared by every experiment: one process at a time checks and writes a model.
            using (SharedItemLock.Exclusive(Path.GetDirectoryName(folder)!, Path.GetFileName(folder)))
                TinyModelFolder.Ensure(folder, tiny.Family, tiny.Seed, Console.Error.WriteLine); // missing or damaged: written again
            return new LocalModel(folder, WeightsOffline(context, model));
        }
        if (model.Path is not null)
        {
            string folder = LocalFolder(context, model);
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"Model '{model.Name}': folder {folder} does not exist (models[].path in {context.Experiment.SourcePath}).");
            return new LocalModel(folder, new ModelWeights(HashFolder(folder)));
        }
        var client = new HubClient(SourceChecks.HubOptionsFor(context));
        using var progress = new HubDownloadProgress(Console.Error);
        HubSnapshot snapshot = client.DownloadModelAsync(model.Repo!, model.Revision, progress).GetAwaiter().GetResult();
        return new LocalModel(snapshot.Folder, new ModelWeights(HashSnapshot(snapshot.Folder)), snapshot.RepoId, snapshot.Revision, snapshot.Commit);
    }

    private static string LocalFolder(StageContext context, ModelConfig model) =>
        Path.GetFullPath(model.Path!, Path.GetDirectoryName(context.Experiment.SourcePath)!);

    /// <summary>xxh128 of the files of a local model folder that decide its outputs.</summary>
    public static IReadOnlyDictionary<string, string> HashFolder(string folder) =>
        ModelFiles(folder).ToDictionary(f => Path.GetFileName(f), f => ContentHash.OfFile(f), StringComparer.Ordinal);

    /// <summary>
    /// Hashes of a Hub snapshot without reading the weights: each file is a symlink to <c>blobs/&lt;etag&gt;</c>,
    /// and the etag is the file's sha256 (LFS) or git blob sha1 (design.md §6). Copies (no symlinks) are hashed.
    /// </summary>
    private static IReadOnlyDictionary<string, string> HashSnapshot(string folder) =>
        ModelFiles(folder).ToDictionary(f => Path.GetFileName(f), f =>
            new FileInfo(f).LinkTarget is { } target ? "etag:" + Path.GetFileName(target) : ContentHash.OfFile(f), StringComparer.Ordinal);

    private static IEnumerable<string> ModelFiles(string folder)
    {
        yield return Path.Combine(folder, "config.json");
        string processor = Path.Combine(folder, "preprocessor_config.json");
        if (File.Exists(processor)) yield return processor;
        foreach (string weights in CheckpointFiles.Resolve(folder)) yield return weights;
    }
}
