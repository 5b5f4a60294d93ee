using Workflow.Core;
using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// Keeps two different experiment files with the same <c>name:</c> from sharing <c>artifacts/&lt;name&gt;</c> (probe #21: a
/// copied demo.yaml, edited but left as <c>name: demo</c>, would silently mix its results with the demo's). The folder
/// records the experiment file that made it; another file may use it only when its content is the same.
/// </summary>
internal static class ExperimentFolderOwner
{
    /// <summary>The file in the experiment folder that names the experiment file it belongs to.</summary>
    public const string FileName = ".experiment-file";

    /// <summary>Records this experiment file as the folder's owner, or refuses a different file of the same name.</summary>
    public static void Claim(StageContext context)
    {
        if (Conflict(context) is { } conflict) throw new UserError(conflict);
        string record = Path.Combine(context.Folder, FileName);
        string mine = Path.GetFullPath(context.Experiment.SourcePath);
        if (File.Exists(record) && File.ReadAllText(record).Trim() == mine) return;
        Directory.CreateDirectory(context.Folder);
        AtomicFile.WriteAllText(record, mine + "\n");
    }

    /// <summary>Why this experiment file may not use the folder (read-only, for <c>idim plan</c>), or null.</summary>
    public static string? Conflict(StageContext context)
    {
        string record = Path.Combine(context.Folder, FileName);
        if (!File.Exists(record)) return null;
        string owner = File.ReadAllText(record).Trim();
        string mine = Path.GetFullPath(context.Experiment.SourcePath);
        // The owner gone (a moved checkout), or the same content (an unchanged copy): nothing can be mixed up.
        if (owner == mine || !File.Exists(owner) || File.ReadAllBytes(owner).AsSpan().SequenceEqual(File.ReadAllBytes(mine))) return null;
        return $"{context.Folder} holds the results of experiment file {owner}, and {mine} has the same name: " +
               $"'{context.Experiment.Name}' but other settings. What to do: give {Path.GetFileName(mine)} a name: of its own, " +
               $"or use another artifacts folder (--artifacts DIR), or delete {context.Folder} if its results are no longer wanted.";
    }
}
