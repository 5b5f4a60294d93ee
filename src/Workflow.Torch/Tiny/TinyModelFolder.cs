using Workflow.Core.Cache;

namespace Workflow.Torch.Tiny;

/// <summary>
/// A tiny model folder under <c>artifacts/models/</c>, written by <see cref="TinyCheckpoint"/> with the sha256 of each
/// file beside it (<see cref="FolderHashes"/>). The writer is deterministic in (family, seed), so a folder that is
/// missing, incomplete or no longer hashes as written is simply written again, never used.
/// </summary>
public static class TinyModelFolder
{
    /// <summary>Null when the folder is complete and unchanged; otherwise what is wrong with it.</summary>
    public static string? Problem(string folder) => FolderHashes.Problem(folder);

    /// <summary>Writes the folder when <see cref="Problem"/> finds anything; <paramref name="note"/> hears why (not for a first write).</summary>
    /// <returns>True when the folder was (re)written.</returns>
    public static bool Ensure(string folder, string family, int seed, Action<string>? note = null)
    {
        if (Problem(folder) is not { } problem) return false;
        if (Directory.Exists(folder)) note?.Invoke($"note: tiny model {folder}: {problem}; writing it again (it is deterministic in family and seed).");
        // Written beside and renamed into place, so a killed run never leaves half a model.
        AtomicFile.ReplaceDirectory(folder, temporary =>
        {
            Models.ModelFamilies.ForModelType(family).WriteTiny!(temporary, seed, new TinyCheckpointOptions());
            FolderHashes.Write(temporary, Directory.GetFiles(temporary).Select(f => Path.GetFileName(f)).Where(f => f != FolderHashes.FileName));
        });
        return true;
    }
}
