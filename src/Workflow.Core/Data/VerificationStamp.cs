using System.Globalization;
using System.Text.Json;
using Workflow.Core.Net;

namespace Workflow.Core.Data;

/// <summary>
/// A record that a file was hashed and matched, kept beside it as <c>file.verified</c> (JSON: size, mtime, md5).
/// While the file's size and modification time are unchanged, the stamp stands in for re-hashing it; any change
/// (a truncated copy, a replaced file) invalidates the stamp.
/// </summary>
public static class VerificationStamp
{
    /// <summary>The stamp path of <paramref name="path"/>.</summary>
    public static string PathOf(string path) => path + ".verified";

    /// <summary>True when a stamp exists for <paramref name="path"/> that matches its size, mtime and <paramref name="md5"/>.</summary>
    public static bool IsValid(string path, string md5)
    {
        string stampPath = PathOf(path);
        if (!File.Exists(path) || !File.Exists(stampPath)) return false;
        try
        {
            Stamp? stamp = JsonSerializer.Deserialize<Stamp>(File.ReadAllText(stampPath));
            var info = new FileInfo(path);
            return stamp is not null
                   && stamp.Size == info.Length
                   && stamp.MtimeUtc == info.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture)
                   && string.Equals(stamp.Md5, md5, StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes the stamp of <paramref name="path"/> (atomically: temporary file, then rename).</summary>
    public static void Write(string path, string md5)
    {
        var info = new FileInfo(path);
        var stamp = new Stamp(info.Length, info.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture), md5.ToLowerInvariant());
        string stampPath = PathOf(path);
        Cache.AtomicFile.WriteAllText(stampPath, JsonSerializer.Serialize(stamp));
    }

    /// <summary>Deletes the stamp, if any.</summary>
    public static void Delete(string path) => File.Delete(PathOf(path));

    /// <summary>Hashes <paramref name="path"/>; when it matches <paramref name="md5"/>, writes the stamp and returns true.</summary>
    public static async Task<bool> VerifyAndStampAsync(string path, string md5, CancellationToken ct)
    {
        string found = await FileHash.ComputeHexAsync(path, HashAlgorithmKind.Md5, ct).ConfigureAwait(false);
        if (!string.Equals(found, md5, StringComparison.OrdinalIgnoreCase)) return false;
        Write(path, md5);
        return true;
    }

    private sealed record Stamp(long Size, string MtimeUtc, string Md5);
}
