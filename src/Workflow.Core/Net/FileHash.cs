using System.Security.Cryptography;

namespace Workflow.Core.Net;

/// <summary>Streams a file through a hash algorithm (constant memory).</summary>
public static class FileHash
{
    private const int BufferSize = 1 << 20;

    /// <summary>Hexadecimal (lower-case) digest of the whole file at <paramref name="path"/>.</summary>
    public static async Task<string> ComputeHexAsync(string path, HashAlgorithmKind algorithm, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using IncrementalHash hash = Create(algorithm);
        byte[] buffer = new byte[BufferSize];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Synchronous form of <see cref="ComputeHexAsync"/>.</summary>
    public static string ComputeHex(string path, HashAlgorithmKind algorithm) =>
        ComputeHexAsync(path, algorithm).GetAwaiter().GetResult();

    /// <summary>Hexadecimal (lower-case) digest of <paramref name="data"/>.</summary>
    public static string ComputeHex(ReadOnlySpan<byte> data, HashAlgorithmKind algorithm) => algorithm switch
    {
        HashAlgorithmKind.Md5 => Convert.ToHexStringLower(MD5.HashData(data)),
        HashAlgorithmKind.Sha256 => Convert.ToHexStringLower(SHA256.HashData(data)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm."),
    };

    private static IncrementalHash Create(HashAlgorithmKind algorithm) => algorithm switch
    {
        HashAlgorithmKind.Md5 => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        HashAlgorithmKind.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm."),
    };
}
