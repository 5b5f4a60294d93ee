using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// What a run would do, without running anything or touching the network (DVC's <c>status</c>): per stage and unit,
/// up to date or stale and why, walking the graph in order; a unit downstream of a stale stage is stale too.
/// </summary>
internal static class PipelinePlan
{
    /// <summary>One line of the plan.</summary>
    public sealed record Entry(Stage Stage, StageStatus Status);

    public static IReadOnlyList<Entry> Compute(StageContext context, PipelineGraph? graph = null)
    {
        graph ??= StageRegistry.Graph;
        var entries = new List<Entry>();
        var stale = new List<Stage>();
        foreach (var stage in graph.Stages)
        {
            var upstream = stale.Where(s => graph.DependsOn(stage, s)).Select(s => s.Name).ToList();
            bool anyStale = false;
            foreach (string? unit in stage.Units(context))
            {
                StageStatus status = stage.Plan(context, unit).Status(context.Cache, context.Settings.Verify);
                if (SourceChecks.Problem(context, status.Key) is { } sourceProblem) // damaged generated data, models, blobs
                    status = status with { UpToDate = false, Reasons = status.UpToDate ? [sourceProblem] : [.. status.Reasons, sourceProblem] };
                // An upstream unit that will rerun may change this one's inputs.
                if (status.UpToDate && upstream.Count > 0)
                    status = status with { UpToDate = false, Reasons = [$"upstream {string.Join(", ", upstream)} will rerun first"] };
                entries.Add(new Entry(stage, status));
                anyStale |= !status.UpToDate;
            }
            if (anyStale) stale.Add(stage);
        }
        return entries;
    }
}
