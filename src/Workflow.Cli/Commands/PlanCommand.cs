using System.CommandLine;
using Workflow.Cli.Stages;
using Workflow.Core.Cache;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim plan --experiment X</c>: per stage and per model, up to date or stale and why. Reads only local
/// files (stage records, outputs, the Hugging Face cache): never the network.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var options = new StageOptions();
        var command = new Command("plan",
            "Show which stages (and which models) are up to date and which are stale, with the reason. Touches no network.");
        options.AddTo(command, withDevice: false);
        command.SetAction(result => CommandErrors.Run(() => Run(StageContext.Create(options.Read(result)))));
        return command;
    }

    private static int Run(StageContext context)
    {
        Console.WriteLine($"Experiment {context.Experiment.Name} ({context.Experiment.SourcePath}) in {context.Folder}");
        var stale = new HashSet<string>();
        foreach (var (stage, units) in Units(context))
        {
            foreach (var unit in units)
            {
                StageStatus status = unit.Status(context.Cache, context.Settings.Verify);
                // An upstream unit that will rerun may change this one's inputs.
                var upstream = stale.Where(s => Depends(stage, s)).ToList();
                if (status.UpToDate && upstream.Count > 0)
                    status = status with { UpToDate = false, Reasons = [$"upstream {string.Join(", ", upstream)} will rerun first"] };
                Console.WriteLine("  " + status);
                if (!status.UpToDate) stale.Add(stage);
            }
        }
        Console.WriteLine(stale.Count == 0 ? "Everything is up to date." : $"Stale stages: {string.Join(", ", StageNames.InOrder.Where(stale.Contains))}.");
        if (stale.Contains(StageNames.Data) || stale.Contains(StageNames.Embed)) Planning.PlanForecast.Print(context, Console.Out);
        return 0;
    }

    private static bool Depends(string stage, string upstream) =>
        Array.IndexOf(StageNames.InOrder, upstream) < Array.IndexOf(StageNames.InOrder, stage);

    private static IEnumerable<(string Stage, IReadOnlyList<StageUnit> Units)> Units(StageContext context)
    {
        yield return (StageNames.Data, [PipelineUnits.Data(context)]);
        yield return (StageNames.Embed, context.Experiment.Models
            .Select(m => PipelineUnits.Embed(context, m, ModelLocator.WeightsOffline(context, m))).ToList());
        yield return (StageNames.TwoNn, [PipelineUnits.TwoNn(context)]);
        yield return (StageNames.Correlate, [PipelineUnits.Correlate(context)]);
        yield return (StageNames.Report, [PipelineUnits.Report(context)]);
    }
}
