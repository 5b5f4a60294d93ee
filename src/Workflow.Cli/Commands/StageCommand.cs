using Workflow.Pipeline;

namespace Workflow.Cli.Commands;

/// <summary>Shared plumbing of the stage commands: load the experiment, run the stage's units (each under its own lock).</summary>
internal static class StageCommand
{
    /// <summary>Loads the experiment and runs the stage named <paramref name="stageName"/> (the body of every <c>--experiment</c> action).</summary>
    public static int RunStage(StageSettings settings, string stageName)
    {
        var context = StageContext.Create(settings);
        UnitRunner.Run(context, StageRegistry.Graph[stageName]);
        return 0;
    }
}
