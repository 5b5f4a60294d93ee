namespace Workflow.Core.Net;

/// <summary>Retry, timeout and redirect settings for <see cref="HttpDownloader"/>.</summary>
public sealed record DownloadOptions
{
    /// <summary>The defaults: 6 attempts, backoff 1 s doubling to 30 s with ±50% jitter, 60 s read timeout.</summary>
    public static DownloadOptions Default { get; } = new();

    /// <summary>Total HTTP attempts (first try included) before giving up. At least 1.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Delay before the second attempt; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the exponential backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Jitter as a fraction of the backoff: the delay is drawn uniformly in [1−j, 1+j]·backoff.</summary>
    public double JitterFraction { get; init; } = 0.5;

    /// <summary>Longest <c>Retry-After</c> the downloader will honour; longer ones are capped to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for response headers or for any single body read before the attempt counts as timed out.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most redirects followed per attempt.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Told one line per retry (host, reason, attempt, wait), so a stalled host is never silent; null: nothing.</summary>
    public Action<string>? OnRetry { get; init; }

    /// <summary>Minimum interval between progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
