using Spectre.Console;
using Workflow.Core.Net;

namespace Workflow.Pipeline;

/// <summary>A Spectre.Console progress bar for one large download of known size (a dataset archive): bytes, bytes/s and time remaining.</summary>
internal static class DownloadProgressBar
{
    /// <summary>Runs <paramref name="work"/> with a progress sink bound to a bar named <paramref name="label"/>.</summary>
    public static Task<T> RunAsync<T>(string label, long? totalBytes, Func<IProgress<DownloadProgress>, Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(label, maxValue: totalBytes ?? 1);
                if (totalBytes is null) task.IsIndeterminate = true;
                var progress = new Progress<DownloadProgress>(p =>
                {
                    if (p.TotalBytes is { } total && total != task.MaxValue) { task.MaxValue = total; task.IsIndeterminate = false; }
                    task.Value = p.BytesDone;
                });
                T result = await work(progress);
                task.Value = task.MaxValue;
                return result;
            });
}
