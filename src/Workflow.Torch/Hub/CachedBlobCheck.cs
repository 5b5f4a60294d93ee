using System.Security.Cryptography;
using System.Text;

namespace Workflow.Torch.Hub;

/// <summary>
/// A cache blob is named by its hash (<see cref="HubCache.BlobPath"/>): the sha256 of the bytes for LFS files, the git
/// blob id <c>sha1("blob {size}\0" + bytes)</c> for small files. Re-hashing the file tells whether it is still what
/// the Hub sent.
/// </summary>
public static class CachedBlobCheck
{
    /// <summary>True when the bytes of <paramref name="blobPath"/> hash to <paramref name="etag"/> (40 or 64 hex digits).</summary>
    public static bool Matches(string blobPath, string etag) =>
        string.Equals(Hash(blobPath, etag.Length == 64), etag, StringComparison.OrdinalIgnoreCase);

    private static string Hash(string path, bool sha256)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        if (sha256) return Convert.ToHexStringLower(SHA256.HashData(stream));
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        byte[] buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0) sha1.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
