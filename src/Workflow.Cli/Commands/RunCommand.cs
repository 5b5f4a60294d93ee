using System.CommandLine;
using Workflow.Cli.Stages;
using Workflow.Pipeline;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim run --experiment X [--target Stage]</c>: every stage up to the target (default: the last), in graph order, in
/// one process (DVC's <c>repro</c>). Each unit is still locked and cached on its own, as with the stage commands.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var stage = new StageOptions();
        var target = new Option<string?>("--target")
        {
            Description = $"The last stage to run, with everything it needs ({string.Join(", ", StageRegistry.Graph.Stages.Select(s => s.Name))}; default: all).",
        };
        var command = new Command("run", "Run the pipeline: every stage up to --target, in the order of the stage graph (`idim graph`).") { target };
        stage.AddTo(command, withDevice: true);
        command.SetAction(parse =>
        {
            var graph = StageRegistry.Graph;
            var settings = stage.Read(parse);
            if (settings.Unit is not null) throw new Workflow.Core.UserError("--unit works with a stage command (e.g. `idim embed --unit <model>`), not with `idim run`.");
            var last = parse.GetValue(target) is { } name ? graph[name] : graph.Stages[^1];
            var context = StageContext.Create(settings);
            foreach (var s in graph.Upstream(last).Append(last))
                UnitRunner.Run(context, s, graph); // only the stages that run libtorch read the device
            return 0;
        });
        return command;
    }
}
