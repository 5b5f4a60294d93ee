using System.Globalization;
using Workflow.Torch.Hub;

namespace Workflow.Pipeline;

/// <summary>
/// Hub downloads (several files per model) on stderr. On a terminal: a one-line progress bar per file, redrawn with
/// <c>\r</c> — bytes done, total, bytes/s. Redirected to a file or pipe (a Slurm log, CI): no <c>\r</c> redraws, only
/// plain lines at the start of each file, at each quarter, and at the end (probe #23).
/// </summary>
internal sealed class HubDownloadProgress(TextWriter writer, bool? interactive = null) : IProgress<HubProgress>, IDisposable
{
    private readonly bool redraw = interactive ?? !Console.IsErrorRedirected;
    private string? current;
    private int quartersWritten;

    public void Report(HubProgress value)
    {
        var t = value.Transfer;
        string total = t.TotalBytes is long n ? Megabytes(n) : "?";
        double fraction = t.TotalBytes is long all && all > 0 ? Math.Clamp((double)t.BytesDone / all, 0, 1) : 0;
        bool newFile = current != value.FileName;
        if (redraw)
        {
            if (current is not null && newFile) writer.WriteLine();
            current = value.FileName;
            string bar = new string('#', (int)(fraction * 20)).PadRight(20, '.');
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{value.RepoId}/{value.FileName} [{bar}] {Megabytes(t.BytesDone)}/{total} {Megabytes((long)t.BytesPerSecond)}/s   "));
            return;
        }
        if (newFile)
        {
            current = value.FileName;
            quartersWritten = 0;
            writer.WriteLine($"downloading {value.RepoId}/{value.FileName} ({total})");
        }
        int quarters = (int)(fraction * 4);
        if (quarters <= quartersWritten) return;
        quartersWritten = quarters;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {value.RepoId}/{value.FileName}: {Megabytes(t.BytesDone)}/{total} ({quarters * 25} %), {Megabytes((long)t.BytesPerSecond)}/s"));
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    public void Dispose()
    {
        if (redraw && current is not null) writer.WriteLine();
    }
}
