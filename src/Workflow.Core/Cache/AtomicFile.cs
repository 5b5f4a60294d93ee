namespace Workflow.Core.Cache;

/// <summary>
/// Writes a file under a temporary name beside it and renames it into place only when complete, so an
/// interrupted run (Ctrl-C, kill -9) never leaves a file that looks finished.
/// </summary>
public static class AtomicFile
{
    /// <summary>The temporary sibling (file or folder) used while writing <paramref name="path"/> (unique per process and call).</summary>
    public static string TemporaryPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");

    /// <summary>Moves a finished temporary file into place (replacing any old one).</summary>
    public static void Commit(string temporaryPath, string path) => File.Move(temporaryPath, path, overwrite: true);

    /// <summary>Writes through a stream, then renames into place; on failure the temporary file is removed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Commit(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// For writers that take a path: <paramref name="write"/> writes the temporary sibling, which is then renamed
    /// into place; on failure the temporary file is removed.
    /// </summary>
    public static void WriteTo(string path, Action<string> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = TemporaryPathFor(path);
        try
        {
            write(temporary);
            Commit(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Fills a folder: <paramref name="write"/> fills a temporary sibling folder, which then replaces
    /// <paramref name="folder"/>. A killed run leaves only the sibling (removed by <see cref="DeleteLeftovers"/>).
    /// </summary>
    public static void ReplaceDirectory(string folder, Action<string> write)
    {
        string temporary = TemporaryPathFor(folder);
        write(temporary);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.Move(temporary, folder);
    }

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// Deletes leftovers of interrupted writes (files and folders named <c>.*.partial</c>, see
    /// <see cref="TemporaryPathFor"/>) under <paramref name="folder"/>. Call it only while holding the folder's lock.
    /// </summary>
    public static int DeleteLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int count = 0;
        foreach (string directory in Directory.GetDirectories(folder, ".*.partial", SearchOption.AllDirectories))
        {
            if (!Directory.Exists(directory)) continue; // inside one deleted already
            Directory.Delete(directory, true);
            count++;
        }
        foreach (string file in Directory.GetFiles(folder, ".*.partial", SearchOption.AllDirectories))
        {
            File.Delete(file);
            count++;
        }
        return count;
    }
}
