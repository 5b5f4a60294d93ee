using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workflow.Core.Cache;

namespace Workflow.Core.Data.Images;

/// <summary>
/// The content identity of a set of files for stage fingerprints: sha256 over (relative path, size, sha256 of the file)
/// of every file, sorted. Files are re-hashed only when their size or modification time changed since the last scan
/// (the fast path of design.md §5), so an unchanged folder of thousands of images is checked with one stat per file.
/// The remembered hashes live in a small JSON file next to the other downloads (<c>{dataRoot}/manifests/</c>).
/// </summary>
public sealed class FileContentManifest(string manifestPath)
{
    private sealed record Entry(long Size, long MtimeTicks, string Sha256);

    /// <summary>Where the manifest of <paramref name="folder"/> is kept under <paramref name="dataRoot"/>.</summary>
    public static FileContentManifest For(string dataRoot, string folder)
    {
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder))))[..16];
        return new FileContentManifest(Path.Combine(dataRoot, "manifests", $"imagefolder-{key}.json"));
    }

    /// <summary>Files (re-)hashed by the last <see cref="Identity"/> call.</summary>
    public int Rehashed { get; private set; }

    /// <summary>The identity of <paramref name="files"/> (relative path → full path); updates the remembered hashes.</summary>
    public string Identity(IReadOnlyList<(string Relative, string FullPath)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var known = Load();
        var current = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        Rehashed = 0;
        foreach (var (relative, full) in files)
        {
            var info = new FileInfo(full);
            long ticks = info.LastWriteTimeUtc.Ticks;
            if (!known.TryGetValue(relative, out Entry? entry) || entry.Size != info.Length || entry.MtimeTicks != ticks)
            {
                using var stream = File.OpenRead(full);
                entry = new Entry(info.Length, ticks, Convert.ToHexStringLower(SHA256.HashData(stream)));
                Rehashed++;
            }
            current[relative] = entry;
        }
        if (Rehashed > 0 || current.Count != known.Count) Save(current);
        var text = new StringBuilder();
        foreach (var (relative, entry) in current)
            text.Append(relative).Append('\t').Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(entry.Sha256).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private Dictionary<string, Entry> Load()
    {
        try
        {
            return File.Exists(manifestPath)
                ? JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(manifestPath)) ?? []
                : [];
        }
        catch (JsonException)
        {
            return []; // a damaged manifest only costs a re-hash
        }
    }

    private void Save(SortedDictionary<string, Entry> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(manifestPath)!);
        AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(entries));
    }
}
