using System.Text.RegularExpressions;
using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// Removes what an interrupted run of one unit left behind (design.md §8: leftovers swept per unit): its staging
/// folder, and <c>.*.partial</c> temporaries beside or inside the paths it owns and beside its record. Runs while
/// holding the unit's exclusive lock, so it never removes the temporaries of a run that is still going; the
/// temporaries of other units are not touched.
/// </summary>
internal static partial class LeftoverSweep
{
    /// <summary>Sweeps the unit's leftovers; returns how many files and folders were removed.</summary>
    public static int Sweep(StageContext context, Stage stage, string? unit)
    {
        int count = 0;
        var key = stage.Key(unit);
        if (Directory.Exists(context.Folder))
            foreach (string entry in Directory.EnumerateFileSystemEntries(context.Folder, ".*.partial").ToList())
                if (StagingPattern(key).IsMatch(Path.GetFileName(entry))) count += Delete(entry);
        foreach (string relative in stage.Outputs(context, unit).Append(key.RecordRelativePath))
        {
            string path = context.Cache.PathOf(relative);
            string? parent = Path.GetDirectoryName(path);
            if (parent is not null && Directory.Exists(parent))
                foreach (string entry in Directory.EnumerateFileSystemEntries(parent, "." + Path.GetFileName(path) + ".*.partial").ToList())
                    if (TemporaryPattern().IsMatch(Path.GetFileName(entry))) count += Delete(entry);
            if (Directory.Exists(path)) count += AtomicFile.DeleteLeftovers(path);
        }
        return count;
    }

    /// <summary>The name of a unit's staging folder (unique per process and call).</summary>
    public static string StagingName(StageKey key) =>
        $".{StagingStem(key)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";

    // '+' cannot occur in stage or model names, so "Embed+a" never matches the staging folder of unit "a.b".
    private static string StagingStem(StageKey key) => key.Scope is null ? key.Stage : $"{key.Stage}+{key.Scope}";

    private static Regex StagingPattern(StageKey key) =>
        new($"^\\.{Regex.Escape(StagingStem(key))}\\.\\d+\\.[0-9a-f]{{32}}\\.partial$", RegexOptions.CultureInvariant);

    [GeneratedRegex("\\.\\d+\\.[0-9a-f]{32}\\.partial$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryPattern();

    private static int Delete(string entry)
    {
        if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
        else File.Delete(entry);
        return 1;
    }
}
