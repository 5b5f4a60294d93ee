using System.Security.Cryptography;
using System.Text.Json;

namespace Workflow.Core.Cache;

/// <summary>
/// The sha256 of every file idim generated into a folder (a tiny model, the calibration dataset), kept beside them in
/// <see cref="FileName"/>. Such folders are deterministic, so anything that no longer hashes the same (a flipped byte,
/// a truncated or deleted file) is damage: <see cref="Problem"/> says what, and the owner regenerates the folder.
/// </summary>
public static class FolderHashes
{
    /// <summary>The hash list's file name inside the folder.</summary>
    public const string FileName = ".idim-sha256.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Records the sha256 of <paramref name="files"/> (names relative to <paramref name="folder"/>).</summary>
    public static void Write(string folder, IEnumerable<string> files)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files) hashes[file] = Sha256(Path.Combine(folder, file));
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(hashes, Indented));
    }

    /// <summary>
    /// Null when the folder holds every listed file with its recorded sha256; otherwise what is wrong (folder or
    /// list missing, a file missing, a file changed).
    /// </summary>
    public static string? Problem(string folder)
    {
        if (!Directory.Exists(folder)) return $"{folder} does not exist";
        string list = Path.Combine(folder, FileName);
        if (!File.Exists(list)) return $"{folder} has no hash list ({FileName}), so its files cannot be checked";
        Dictionary<string, string>? hashes;
        try
        {
            hashes = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(list));
        }
        catch (JsonException e)
        {
            return $"its hash list {list} is unreadable ({e.Message})";
        }
        if (hashes is null || hashes.Count == 0) return $"its hash list {list} is empty";
        foreach (var (file, expected) in hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) return $"{path} is missing";
            string actual = Sha256(path);
            if (actual != expected) return $"{path} was changed (sha256 {actual[..12]}…, written as {expected[..Math.Min(12, expected.Length)]}…)";
        }
        return null;
    }

    private static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
