using System.Net.Http.Headers;

namespace Workflow.Core.Net;

/// <summary>How long to wait before the next attempt: <c>Retry-After</c> when the server sent one, else
/// exponential backoff with jitter (the "full jitter"-style spread from the AWS architecture blog, bounded).</summary>
internal static class RetryDelay
{
    /// <summary>Backoff before attempt <paramref name="nextAttempt"/> (2, 3, …) with jitter drawn from <paramref name="random"/>.</summary>
    public static TimeSpan Backoff(int nextAttempt, DownloadOptions options, Random random)
    {
        double baseSeconds = options.InitialBackoff.TotalSeconds * Math.Pow(2, Math.Max(0, nextAttempt - 2));
        double capped = Math.Min(baseSeconds, options.MaxBackoff.TotalSeconds);
        double jitter = 1 + options.JitterFraction * (2 * random.NextDouble() - 1);
        return TimeSpan.FromSeconds(Math.Max(0, capped * jitter));
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or HTTP date), capped; null when absent.</summary>
    public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now, DownloadOptions options)
    {
        if (header is null) return null;
        TimeSpan? wait = header.Delta ?? (header.Date is DateTimeOffset date ? date - now : null);
        if (wait is not TimeSpan value) return null;
        if (value < TimeSpan.Zero) value = TimeSpan.Zero;
        return value > options.MaxRetryAfter ? options.MaxRetryAfter : value;
    }
}
