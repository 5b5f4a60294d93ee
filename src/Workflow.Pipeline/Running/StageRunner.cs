using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// Produces one unit and commits it: the producer writes every output into a staging folder; only when it has
/// finished are the outputs moved into place, and the record is written last. Until then the previous outputs and
/// record stay valid, so a forced or failed run (a missing GPU, a bad download, Ctrl-C) never destroys a good result;
/// a run killed while moving leaves outputs whose hashes no longer match the old record, so the unit is stale, never
/// wrongly up to date.
/// </summary>
internal static class StageRunner
{
    /// <summary>Runs <paramref name="produce"/> and commits what it wrote under the paths in <paramref name="owned"/>.</summary>
    public static void Run(StageContext context, StageKey key, StageInputs inputs, Func<StagedOutputs, IReadOnlyList<string>> produce,
        IReadOnlyList<string> owned)
    {
        var started = DateTime.UtcNow;
        var staging = new StagedOutputs(Path.Combine(context.Folder, LeftoverSweep.StagingName(key)));
        Directory.CreateDirectory(staging.Root);
        try
        {
            var outputs = produce(staging).Select(staging.Relative).ToList();
            foreach (string relative in outputs)
                if (!owned.Any(o => Owns(o, relative)))
                    throw new InvalidOperationException($"Stage {key} wrote '{relative}', which is not among the outputs it declares ({string.Join(", ", owned)}).");
            foreach (string relative in owned) Publish(staging, relative, context.Cache.PathOf(relative));
            context.Cache.Commit(key, inputs, outputs, started);
        }
        finally
        {
            if (Directory.Exists(staging.Root)) Directory.Delete(staging.Root, recursive: true);
        }
        Console.WriteLine($"{key}: done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    /// <summary>The recorded outputs of an upstream unit as inputs of a downstream one (name → hash).</summary>
    public static IReadOnlyDictionary<string, string>? OutputsOf(StageContext context, StageKey upstream, Func<string, bool>? include = null)
    {
        var record = context.Cache.ReadRecord(upstream);
        return record?.Outputs.Where(o => include?.Invoke(o.Key) ?? true).ToDictionary(o => o.Key, o => o.Value.Hash);
    }

    private static bool Owns(string owned, string relative) =>
        relative == owned || relative.StartsWith(owned.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>Moves a staged file or folder into place. A folder replaces the old one whole (files of other settings go).</summary>
    private static void Publish(StagedOutputs staging, string relative, string destination)
    {
        string staged = Path.Combine(staging.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (File.Exists(staged))
        {
            File.Move(staged, destination, overwrite: true);
        }
        else if (Directory.Exists(staged))
        {
            // Old folder aside first (a .partial name the sweep removes if we are killed here), then the new one in.
            string old = AtomicFile.TemporaryPathFor(destination);
            if (Directory.Exists(destination)) Directory.Move(destination, old);
            Directory.Move(staged, destination);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
    }
}
