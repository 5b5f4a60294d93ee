using System.Globalization;
using Workflow.Torch.Hub;

namespace Workflow.Pipeline;

/// <summary>Hub downloads (several files per model): a one-line progress bar per file on stderr — bytes done, total, bytes/s.</summary>
internal sealed class HubDownloadProgress(TextWriter writer) : IProgress<HubProgress>, IDisposable
{
    private string? current;

    public void Report(HubProgress value)
    {
        if (current is not null && current != value.FileName) writer.WriteLine();
        current = value.FileName;
        var t = value.Transfer;
        string total = t.TotalBytes is long n ? Megabytes(n) : "?";
        double fraction = t.TotalBytes is long all && all > 0 ? Math.Clamp((double)t.BytesDone / all, 0, 1) : 0;
        string bar = new string('#', (int)(fraction * 20)).PadRight(20, '.');
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{value.RepoId}/{value.FileName} [{bar}] {Megabytes(t.BytesDone)}/{total} {Megabytes((long)t.BytesPerSecond)}/s   "));
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    public void Dispose()
    {
        if (current is not null) writer.WriteLine();
    }
}
