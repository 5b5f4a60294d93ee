namespace Workflow.Core.Net;

/// <summary>An attempt failed in a way another attempt may fix (timeout, dropped connection, 408/429/5xx).</summary>
internal sealed class TransientDownloadError(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The server's requested wait, when it sent <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
