namespace Workflow.Core.Net;

/// <summary>A download finished but its size or hash is not the published one; the partial file was deleted.</summary>
public sealed class DownloadVerificationException : DownloadException
{
    /// <summary>Creates the exception; the message names the check, expected and found values, and what to do.</summary>
    public DownloadVerificationException(Uri url, string destinationPath, string check, string expected, string found)
        : base(url,
            $"Download of {url} failed verification: {check} expected {expected}, found {found}. " +
            $"The partial file was deleted and nothing was written to {destinationPath}. " +
            "What to do: run the command again; if it fails the same way, the server is serving different content " +
            "(check the URL, a proxy or captive portal, or whether the published checksum changed).")
    {
        DestinationPath = destinationPath;
        Check = check;
        Expected = expected;
        Found = found;
    }

    /// <summary>Where the file would have gone.</summary>
    public string DestinationPath { get; }

    /// <summary>Which check failed: <c>size</c>, <c>md5</c> or <c>sha256</c>.</summary>
    public string Check { get; }

    /// <summary>The expected value.</summary>
    public string Expected { get; }

    /// <summary>The value found.</summary>
    public string Found { get; }
}
