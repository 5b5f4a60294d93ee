using System.CommandLine;
using Workflow.Cli.Stages;
using Workflow.Pipeline;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim plan --experiment X</c>: per stage and per unit, up to date or stale and why (<see cref="PipelinePlan"/>).
/// Reads only local files (stage records, outputs, the Hugging Face cache): never the network, and takes no lock.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var experiment = new StageOptions().Experiment;
        var verify = new Option<bool>("--verify") { Description = "Check recorded outputs by full content hash, not just size and modification time." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifacts folder (default: $IDIM_ARTIFACTS, else artifacts/ at the repository root)." };
        var command = new Command("plan",
            "Show which stages (and which models) are up to date and which are stale, with the reason. Touches no network.")
        {
            experiment, verify, artifacts,
        };
        // --numerics: the Embed fingerprint holds the mode, so plan judges with the mode the run will use.
        var numerics = Commands.NumericsOption.CreateOverride();
        command.Options.Add(numerics);
        // ./build.sh --target=Plan passes the flags it was given to every stage; they mean nothing to plan (probe #19).
        var force = new Option<bool>("--force") { Hidden = true };
        var noWait = new Option<bool>("--no-wait") { Hidden = true };
        command.Options.Add(force);
        command.Options.Add(noWait);
        command.SetAction(result => Run(StageContext.Create(new StageSettings(result.GetValue(experiment) ?? "demo", Force: false,
            Verify: result.GetValue(verify), Wait: true, Device: null, result.GetValue(artifacts),
            Numerics: result.GetResult(numerics) is null ? null : result.GetValue(numerics)))));
        return command;
    }

    private static int Run(StageContext context)
    {
        Console.WriteLine($"Experiment {context.Experiment.Name} ({context.Experiment.SourcePath}) in {context.Folder}");
        if (ExperimentFolderOwner.Conflict(context) is { } conflict) Console.Error.WriteLine("warning: a run would stop here: " + conflict);
        var entries = PipelinePlan.Compute(context);
        foreach (var entry in entries) Console.WriteLine("  " + entry.Status);
        var stale = entries.Where(e => !e.Status.UpToDate).Select(e => e.Stage.Name).Distinct().ToList();
        Console.WriteLine(stale.Count == 0 ? "Everything is up to date." : $"Stale stages: {string.Join(", ", stale)}.");
        if (stale.Contains(StageNames.Data) || stale.Contains(StageNames.Embed)) Planning.PlanForecast.Print(context, Console.Out);
        return 0;
    }
}
