using System.IO.Hashing;

namespace Workflow.Core.Cache;

/// <summary>
/// Content hashes of files for the stage cache: XXH128 (System.IO.Hashing), written as
/// <c>xxh128:&lt;hex&gt;</c>. Not cryptographic — it detects change, not tampering — and hashes
/// several GB/s, so verifying large embedding files stays cheap.
/// </summary>
public static class ContentHash
{
    /// <summary>Hashes a file's bytes.</summary>
    public static string OfFile(string path)
    {
        var hash = new XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        hash.Append(stream);
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Hashes bytes in memory.</summary>
    public static string OfBytes(ReadOnlySpan<byte> bytes) => "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(bytes));
}
