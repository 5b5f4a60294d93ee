namespace Workflow.Core.Net;

/// <summary>A verified download, in place at <see cref="Path"/>.</summary>
/// <param name="Path">The destination path (verified, complete).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Hash">Content hash: the expected algorithm when one was given, else SHA-256.</param>
/// <param name="FinalUrl">The URL the bytes came from after redirects.</param>
/// <param name="Attempts">HTTP attempts made (1 when nothing failed).</param>
/// <param name="ResumedFromBytes">Bytes already on disk (<c>.part</c>) when the first attempt started.</param>
/// <param name="ETag">The last response's ETag (quotes and <c>W/</c> stripped), when the server sent one.</param>
public sealed record DownloadResult(
    string Path,
    long Size,
    ExpectedHash Hash,
    Uri FinalUrl,
    int Attempts,
    long ResumedFromBytes,
    string? ETag);
