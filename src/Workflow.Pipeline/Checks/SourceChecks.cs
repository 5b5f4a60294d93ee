using Workflow.Core.Cache;
using Workflow.Core.Data;
using Workflow.Core.Experiments;
using Workflow.Torch.Hub;
using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Pipeline;

/// <summary>
/// What the cache trusts, it verifies (probe #6): the generated calibration dataset and tiny models carry the sha256
/// of their files (<see cref="FolderHashes"/>); Hub blobs are named by their hash. A stage run always notices a
/// deleted generated folder; with <c>--verify</c> or <c>--force</c> every byte is hashed again, and whatever no longer
/// matches is regenerated or fetched again before it is used. <c>plan --verify</c> reports the same problems.
/// </summary>
internal static class SourceChecks
{
    private static bool Thorough(StageContext context) => context.Settings.Verify || context.Settings.Force;

    /// <summary>Hub settings for a stage run: cached blobs are re-hashed under --verify/--force; retries are reported on stderr.</summary>
    public static HubOptions HubOptionsFor(StageContext context) =>
        HubOptions.FromEnvironment() with { VerifyCachedBlobs = Thorough(context), Warn = Console.Error.WriteLine };

    /// <summary>Why the generated dataset the experiment reads must be generated again, or null (CIFAR: none, its archive is md5-verified).</summary>
    public static string? DataSourceProblem(StageContext context)
    {
        if (context.Experiment.Dataset.Name != "calibration") return null;
        string folder = new DatasetCatalog(context.DataRoot).CalibrationFolder;
        if (Thorough(context)) return CalibrationDataset.Problem(folder) is { } p ? "the calibration dataset: " + p : null;
        return CalibrationDataset.IsCurrent(folder) ? null : $"the calibration dataset {folder} is missing or incomplete";
    }

    /// <summary>Regenerates the calibration dataset when <see cref="DataSourceProblem"/> finds a problem (says so on stderr).</summary>
    public static void RepairDataSource(StageContext context)
    {
        if (DataSourceProblem(context) is not { } problem) return;
        Console.Error.WriteLine($"note: {problem}; generating it again (it is deterministic).");
        new DatasetCatalog(context.DataRoot).PrepareAsync(DatasetName.Calibration).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Why a model's files must be written or fetched again before use, or null: a tiny model folder that is missing or
    /// damaged (always checked: a few hundred kB), or, under --verify/--force, a Hub blob whose bytes no longer hash to its name.
    /// </summary>
    public static string? ModelProblem(StageContext context, ModelConfig model)
    {
        if (model.Tiny is { } tiny)
            return TinyModelFolder.Problem(ModelLocator.TinyFolder(context, tiny)) is { } p ? $"tiny model {model.Name}: {p}; Embed will write it again" : null;
        if (model.Repo is null || !Thorough(context)) return null;
        var cache = new HubCache(HubOptions.FromEnvironment().CacheDirectory);
        if (cache.ResolveCommit(model.Repo, model.Revision ?? "main") is not { } commit) return null; // not downloaded: nothing to check
        string snapshot = cache.SnapshotFolder(model.Repo, commit);
        if (!File.Exists(Path.Combine(snapshot, "config.json"))) return null;
        IEnumerable<string> files = [Path.Combine(snapshot, "config.json"), Path.Combine(snapshot, "preprocessor_config.json")];
        try
        {
            files = files.Concat(CheckpointFiles.Resolve(snapshot));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return $"{model.Source} is incomplete in the Hugging Face cache ({e.Message}); Embed will fetch it again";
        }
        foreach (string file in files)
        {
            if (new FileInfo(file).LinkTarget is not { } target) continue; // a copy (no symlinks): not named by its hash
            string blob = Path.GetFullPath(target, Path.GetDirectoryName(file)!);
            if (!File.Exists(blob)) return $"{model.Source}: the blob of {Path.GetFileName(file)} is missing; Embed will fetch it again";
            if (!CachedBlobCheck.Matches(blob, Path.GetFileName(blob)))
                return $"{model.Source}: the cached blob {blob} ({Path.GetFileName(file)}) no longer matches its hash; Embed will fetch it again";
        }
        return null;
    }

    /// <summary>For <c>plan --verify</c>: the problem of the source behind a unit (Data: the dataset; Embed: the model), or null.</summary>
    public static string? Problem(StageContext context, StageKey key) => context.Settings.Verify ? BeforeRun(context, key) : null;

    /// <summary>
    /// Before a unit runs: the problem of its source (a deleted or damaged generated dataset or tiny model — always
    /// checked, they are small; a Hub blob under --verify/--force), or null. A unit whose source had to be remade runs again.
    /// </summary>
    public static string? BeforeRun(StageContext context, StageKey key)
    {
        if (key == DataStage.UnitKey) return DataSourceProblem(context);
        ModelConfig? model = context.Experiment.Models.FirstOrDefault(m => EmbedStage.KeyOf(m) == key);
        return model is null ? null : ModelProblem(context, model);
    }
}
