namespace Workflow.Core.Net;

/// <summary>A published content hash: the algorithm and the lower-case hexadecimal digest.</summary>
/// <param name="Algorithm">Which algorithm produced <paramref name="Hex"/>.</param>
/// <param name="Hex">Hexadecimal digest; compared case-insensitively.</param>
public sealed record ExpectedHash(HashAlgorithmKind Algorithm, string Hex)
{
    /// <summary>An expected MD5 digest.</summary>
    public static ExpectedHash Md5(string hex) => new(HashAlgorithmKind.Md5, Normalise(hex));

    /// <summary>An expected SHA-256 digest.</summary>
    public static ExpectedHash Sha256(string hex) => new(HashAlgorithmKind.Sha256, Normalise(hex));

    /// <summary>True when <paramref name="foundHex"/> is the same digest (case-insensitive).</summary>
    public bool Matches(string foundHex) => string.Equals(Hex, foundHex, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm.ToString().ToLowerInvariant()} {Hex}";

    private static string Normalise(string hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hex);
        return hex.Trim().ToLowerInvariant();
    }
}
