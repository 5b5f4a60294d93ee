namespace Workflow.Core.Net;

/// <summary>A progress report from <see cref="HttpDownloader"/>.</summary>
/// <param name="BytesDone">Bytes of the file on disk so far (resumed bytes included).</param>
/// <param name="TotalBytes">Total size when known (expected size, or from Content-Length / Content-Range).</param>
/// <param name="BytesPerSecond">Average transfer rate of this call (resumed bytes excluded).</param>
public readonly record struct DownloadProgress(long BytesDone, long? TotalBytes, double BytesPerSecond)
{
    /// <summary>Estimated time left, when the total and a rate are known.</summary>
    public TimeSpan? Remaining => TotalBytes is long total && BytesPerSecond > 0 && total >= BytesDone
        ? TimeSpan.FromSeconds((total - BytesDone) / BytesPerSecond)
        : null;
}
