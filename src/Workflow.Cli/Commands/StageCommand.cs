using Workflow.Core.Cache;

namespace Workflow.Cli.Commands;

/// <summary>Shared plumbing of the stage commands: load the experiment, lock its folder, run the stage.</summary>
internal static class StageCommand
{
    /// <summary>Loads the experiment, takes the folder lock and runs one stage (the body of every <c>--experiment</c> action).</summary>
    public static int RunStage(Stages.StageSettings settings, Func<Stages.StageContext, int> stage) => CommandErrors.Run(() =>
    {
        var context = Stages.StageContext.Create(settings);
        return Locked(context, () => stage(context));
    });

    /// <summary>Runs a stage body under the experiment folder's lock.</summary>
    public static int Locked(Stages.StageContext context, Func<int> body)
    {
        using var folderLock = ExperimentLock.Acquire(context.Folder, context.Settings.Wait, message => Console.Error.WriteLine(message));
        AtomicFile.DeleteLeftovers(context.Folder);
        return body();
    }
}
