using System.CommandLine;
using Workflow.Cli.Stages;
using Workflow.Pipeline;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim graph [--json] [--experiment X]</c>: the declared stage graph — stages in order, their dependencies and
/// options, and with an experiment their units. The Cake script builds its tasks from <c>--json</c>.
/// </summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the graph as one JSON object (what build/build.cake reads)." };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Also list each stage's units for this experiment." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifacts folder (for the experiment folder shown)." };
        var command = new Command("graph", "Show the stage graph: stages in order, what each depends on and, with --experiment, its units.")
        {
            json, experiment, artifacts,
        };
        command.SetAction(parse =>
        {
            var graph = StageRegistry.Graph;
            StageContext? context = parse.GetValue(experiment) is { } x
                ? StageContext.Create(new StageSettings(x, false, false, true, null, parse.GetValue(artifacts)))
                : null;
            if (parse.GetValue(json))
            {
                Console.WriteLine(GraphJson.Serialize(graph, context));
                return 0;
            }
            foreach (var stage in graph.Stages)
            {
                string after = stage.DependsOn.Count == 0 ? "" : $" (after {string.Join(", ", stage.DependsOn)})";
                Console.WriteLine($"{stage.Name,-10} idim {stage.Command}{after}: {stage.Description}");
                if (context is not null && stage.Units(context) is var units && units is not [null])
                    Console.WriteLine($"{"",-10} units: {string.Join(", ", units)}");
            }
            return 0;
        });
        return command;
    }
}
