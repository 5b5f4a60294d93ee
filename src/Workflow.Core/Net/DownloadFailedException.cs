namespace Workflow.Core.Net;

/// <summary>Every attempt failed with a transient error (timeouts, dropped connections, 429, 5xx).
/// The bytes received so far stay in the <c>.part</c> file so the next run resumes.</summary>
public sealed class DownloadFailedException : DownloadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL requested.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="lastError">The last attempt's failure.</param>
    /// <param name="inner">Its exception.</param>
    /// <param name="bytesKept">Bytes in the .part file for the next run to resume from (0: nothing was received).</param>
    public DownloadFailedException(Uri url, int attempts, string lastError, Exception? inner, long bytesKept = 0)
        : base(url,
            $"Download of {url} failed after {attempts} attempt(s); last error: {lastError}. " +
            (bytesKept > 0
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The {bytesKept:N0} bytes received so far were kept and the next run resumes from them. ")
                : "No bytes were received. ") +
            "What to do: check the network connection (and any proxy), then run the command again.", inner)
    {
        Attempts = attempts;
    }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
