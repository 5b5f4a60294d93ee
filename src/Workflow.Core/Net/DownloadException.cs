namespace Workflow.Core.Net;

/// <summary>Base of every error <see cref="HttpDownloader"/> raises; carries the URL that was requested.</summary>
public class DownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DownloadException(Uri url, string message, Exception? inner = null) : base(message, inner) => Url = url;

    /// <summary>The URL that was requested (before redirects).</summary>
    public Uri Url { get; }
}
