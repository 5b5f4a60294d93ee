using System.Formats.Tar;
using System.IO.Compression;
using Workflow.Core.Paths;

namespace Workflow.Core.Data;

/// <summary>
/// Streams a <c>.tar.gz</c> (GZipStream + System.Formats.Tar) into a folder without holding it in memory.
/// Everything lands in a temporary sibling folder first and one top-level folder is renamed into place at the
/// end, so an interrupted extraction never leaves a folder that looks complete.
/// </summary>
public static class TarGzExtractor
{
    /// <summary>Marker file written inside the extracted folder last: it holds the archive's md5.</summary>
    public const string CompleteMarker = ".extracted";

    /// <summary>True when <paramref name="folder"/> holds a completed extraction of the archive with <paramref name="md5"/>.</summary>
    public static bool IsExtracted(string folder, string md5)
    {
        string marker = Path.Combine(folder, CompleteMarker);
        return File.Exists(marker) && string.Equals(File.ReadAllText(marker).Trim(), md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Extracts <paramref name="archivePath"/> and moves its top-level folder <paramref name="topFolder"/> to
    /// <c>destinationRoot/topFolder</c> (replacing an incomplete one). Entries outside <paramref name="topFolder"/>
    /// are skipped; links and paths escaping the folder are rejected.
    /// </summary>
    /// <returns>The extracted folder.</returns>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt, or lacks <paramref name="topFolder"/>.</exception>
    /// <param name="archivePath">The .tar.gz file.</param>
    /// <param name="destinationRoot">Folder that receives <paramref name="topFolder"/>.</param>
    /// <param name="topFolder">Top-level folder inside the archive.</param>
    /// <param name="archiveMd5">The archive's md5, recorded in the <see cref="CompleteMarker"/>.</param>
    /// <param name="requiredFiles">Files (relative to <paramref name="topFolder"/>) that must be present, or the archive counts as truncated.</param>
    /// <param name="ct">Cancellation.</param>
    public static string Extract(string archivePath, string destinationRoot, string topFolder, string archiveMd5,
        IReadOnlyCollection<string> requiredFiles, CancellationToken ct = default)
    {
        Directory.CreateDirectory(destinationRoot);
        string staging = Path.Combine(destinationRoot, $".extract-{topFolder}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string target = Path.Combine(destinationRoot, topFolder);
        Directory.CreateDirectory(staging);
        try
        {
            int files = 0;
            using (var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var tar = new TarReader(gzip))
            {
                TarEntry? entry;
                while ((entry = ReadNext(tar, archivePath)) is not null)
                {
                    ct.ThrowIfCancellationRequested();
                    if (MemberName(entry.Name, archivePath) is not { } name) continue; // the archive root "./"
                    if (!name.StartsWith(topFolder + "/", StringComparison.Ordinal) && name != topFolder) continue;
                    string path = Path.GetFullPath(Path.Combine(staging, name));
                    if (!path.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new InvalidDataException($"Archive {archivePath} holds an entry that escapes its folder: '{entry.Name}'. Refusing to extract it.");
                    switch (entry.EntryType)
                    {
                        case TarEntryType.Directory:
                            Directory.CreateDirectory(path);
                            break;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                            using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                                CopyEntry(entry, output, archivePath);
                            files++;
                            break;
                        default:
                            break; // links, devices, global headers: CIFAR archives hold none; never follow them
                    }
                }
            }
            string extracted = Path.Combine(staging, topFolder);
            if (files == 0 || !Directory.Exists(extracted))
                throw new InvalidDataException($"Archive {archivePath} holds no files under '{topFolder}/'. Expected the official CIFAR layout. What to do: delete it and fetch again.");
            string[] missing = requiredFiles.Where(f => !File.Exists(Path.Combine(extracted, f))).ToArray();
            if (missing.Length > 0)
                throw Corrupt(archivePath, new EndOfStreamException($"missing member(s) {string.Join(", ", missing.Select(m => topFolder + "/" + m))}"));
            File.WriteAllText(Path.Combine(extracted, CompleteMarker), archiveMd5.ToLowerInvariant());
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(extracted, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// The member's name relative to the archive root: a leading <c>./</c> (as GNU tar writes) and a directory's trailing
    /// <c>/</c> are dropped; an absolute name, a backslash, a <c>..</c> or empty segment is refused (never rewritten into
    /// something harmless-looking), like <c>tarfile</c>'s <c>data</c> extraction filter.
    /// </summary>
    private static string? MemberName(string raw, string archivePath)
    {
        string name = raw;
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        name = name.TrimEnd('/');
        if (name is "" or "." && raw.StartsWith('.')) return null;
        if (ContainedPath.Problem(name) is { } problem)
            throw new InvalidDataException($"Archive {archivePath} holds the member '{raw}', which is refused: {problem}. " +
                                           "Nothing was extracted. What to do: delete the archive and fetch it again from the official source.");
        return name;
    }

    private static TarEntry? ReadNext(TarReader tar, string archivePath)
    {
        try
        {
            return tar.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            throw Corrupt(archivePath, e);
        }
    }

    private static void CopyEntry(TarEntry entry, Stream output, string archivePath)
    {
        if (entry.DataStream is null) return;
        try
        {
            entry.DataStream.CopyTo(output);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw Corrupt(archivePath, e);
        }
        if (output.Length != entry.Length) throw Corrupt(archivePath, new EndOfStreamException($"entry {entry.Name}: {output.Length} of {entry.Length} bytes"));
    }

    private static InvalidDataException Corrupt(string archivePath, Exception inner) => new(
        $"Archive {archivePath} is truncated or corrupt ({inner.Message}). " +
        "What to do: delete it and run `idim data fetch` again to download it afresh.", inner);
}
