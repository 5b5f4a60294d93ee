using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.Pipeline;

/// <summary>
/// <c>idim graph --json</c>: the declared graph as data, read by the Cake script (one task per stage) and by anything
/// that schedules stages (a Slurm submitter). Stages in topological order, each with its command, description,
/// dependencies, the options its command takes beyond the common ones, and — with an experiment — its units.
/// </summary>
internal static class GraphJson
{
    /// <summary>Options every stage command takes.</summary>
    public static readonly string[] CommonOptions = ["experiment", "unit", "force", "verify", "no-wait", "artifacts"];

    /// <summary>Options only the stages that run libtorch take.</summary>
    public static readonly string[] TorchOptions = ["device", "numerics"];

    public static JsonObject ToJson(PipelineGraph graph, StageContext? context)
    {
        var stages = new JsonArray();
        foreach (var stage in graph.Stages)
        {
            var entry = new JsonObject
            {
                ["name"] = stage.Name,
                ["command"] = stage.Command,
                ["description"] = stage.Description,
                ["depends_on"] = new JsonArray(stage.DependsOn.Select(d => (JsonNode?)graph[d].Name).ToArray()),
                ["options"] = new JsonArray(CommonOptions.Concat(stage.UsesTorch ? TorchOptions : []).Select(o => (JsonNode?)o).ToArray()),
            };
            if (context is not null)
            {
                var units = stage.Units(context);
                entry["units"] = new JsonArray(units.Select(u => (JsonNode?)(u ?? stage.Name)).ToArray());
                entry["per_unit"] = units is not [null];
            }
            stages.Add(entry);
        }
        var root = new JsonObject { ["stages"] = stages };
        if (context is not null)
            root["experiment"] = new JsonObject { ["name"] = context.Experiment.Name, ["path"] = context.Experiment.SourcePath, ["folder"] = context.Folder };
        return root;
    }

    public static string Serialize(PipelineGraph graph, StageContext? context) =>
        ToJson(graph, context).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
