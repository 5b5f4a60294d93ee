using Workflow.Core.Cache;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Commands;

/// <summary>Shared plumbing of the stage commands: errors become one clear message and exit code 1.</summary>
internal static class StageCommand
{
    /// <summary>Runs <paramref name="body"/>, turning expected failures into a message on stderr.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ExperimentConfigException or InvalidOperationException or IOException
                                      or InvalidDataException or ArgumentException or HttpRequestException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    /// <summary>Runs a stage body under the experiment folder's lock.</summary>
    public static int Locked(Stages.StageContext context, Func<int> body)
    {
        using var folderLock = ExperimentLock.Acquire(context.Folder, context.Settings.Wait, message => Console.Error.WriteLine(message));
        AtomicFile.DeleteLeftovers(context.Folder);
        return body();
    }
}
