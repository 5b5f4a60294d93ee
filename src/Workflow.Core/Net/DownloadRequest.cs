namespace Workflow.Core.Net;

/// <summary>What to fetch and where to put it.</summary>
/// <param name="Url">Absolute http(s) URL.</param>
/// <param name="DestinationPath">Final file path. Bytes land in <c>DestinationPath + ".part"</c> first and are
/// moved into place only after size and hash are verified.</param>
public sealed record DownloadRequest(Uri Url, string DestinationPath)
{
    /// <summary>Extra request headers (e.g. <c>Authorization: Bearer …</c>). <c>Authorization</c> is dropped
    /// when a redirect leaves the original host.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Expected size in bytes, when known; a different size is a verification error.</summary>
    public long? ExpectedSize { get; init; }

    /// <summary>Expected content hash, when known; a different digest is a verification error.</summary>
    public ExpectedHash? ExpectedHash { get; init; }

    /// <summary>The partial file the download writes to and resumes from.</summary>
    public string PartialPath => DestinationPath + ".part";
}
