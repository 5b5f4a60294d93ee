namespace Workflow.Core.Net;

/// <summary>Every attempt failed with a transient error (timeouts, dropped connections, 429, 5xx).
/// The bytes received so far stay in the <c>.part</c> file so the next run resumes.</summary>
public sealed class DownloadFailedException : DownloadException
{
    /// <summary>Creates the exception.</summary>
    public DownloadFailedException(Uri url, int attempts, string lastError, Exception? inner)
        : base(url,
            $"Download of {url} failed after {attempts} attempt(s); last error: {lastError}. " +
            "Bytes received so far were kept and the next run resumes from them. " +
            "What to do: check the network connection (and any proxy), then run the command again.", inner)
    {
        Attempts = attempts;
    }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
