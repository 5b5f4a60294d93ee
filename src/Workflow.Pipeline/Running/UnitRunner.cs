using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// Runs the units of one stage (all of them, or <c>--unit</c> alone). Per unit: lock it (and what it reads), sweep its
/// leftovers, skip it when up to date (offline check: no network for an unchanged model), else prepare it
/// (preconditions and downloads, before anything is touched) and produce and commit it (<see cref="StageRunner"/>).
/// </summary>
internal static class UnitRunner
{
    /// <summary>Runs the stage's units; returns the units that ran (not those up to date).</summary>
    public static IReadOnlyList<string?> Run(StageContext context, Stage stage, PipelineGraph? graph = null)
    {
        graph ??= StageRegistry.Graph;
        ExperimentFolderOwner.Claim(context);
        string? only = stage.ResolveUnit(context, context.Settings.Unit);
        var units = only is null ? stage.Units(context) : [only];
        var ran = new List<string?>();
        foreach (string? unit in units)
            if (RunUnit(context, graph, stage, unit)) ran.Add(unit);
        return ran;
    }

    /// <summary>Runs one unit; true when it ran, false when it was up to date.</summary>
    public static bool RunUnit(StageContext context, PipelineGraph graph, Stage stage, string? unit)
    {
        var key = stage.Key(unit);
        using var locks = UnitLocks.Acquire(context, stage.Reads(context, graph, unit), key);
        LeftoverSweep.Sweep(context, stage, unit);
        bool force = context.Settings.Force, verify = context.Settings.Verify;

        StageUnit planned = stage.Plan(context, unit);
        if (planned.Inputs is null && planned.WaitsFor is not null) throw NotReady(context, graph, planned);
        StageStatus? status = null;
        bool sourceRepaired = false;
        if (planned.Inputs is not null && !force)
        {
            status = context.Cache.Check(key, planned.Inputs, verify);
            // A deleted or (with --verify) damaged generated dataset, tiny model or Hub blob: made whole by Prepare.
            if (status.UpToDate && SourceChecks.BeforeRun(context, key) is { } problem)
            {
                status = status with { UpToDate = false, Reasons = [problem] };
                sourceRepaired = true; // produce again from the remade source, whatever the recheck says
            }
            if (status.UpToDate)
            {
                Console.WriteLine($"{key}: up to date");
                return false;
            }
        }

        UnitWork work = stage.Prepare(context, unit);
        if (work.Unit.Inputs is null) throw NotReady(context, graph, work.Unit);
        if (force)
        {
            Console.WriteLine($"{key}: forced");
        }
        else
        {
            // The prepared inputs can differ from the offline view (weights just downloaded): decide on the final ones.
            if (!sourceRepaired && (status is null || planned.Inputs!.Fingerprint(key) != work.Unit.Inputs.Fingerprint(key)))
                status = context.Cache.Check(key, work.Unit.Inputs, verify);
            if (status!.UpToDate)
            {
                Console.WriteLine($"{key}: up to date");
                return false;
            }
            Console.WriteLine(status.ToString());
        }
        StageRunner.Run(context, key, work.Unit.Inputs, work.Produce, stage.Outputs(context, unit));
        return true;
    }

    /// <summary>"X cannot run yet", with advice that names the stage actually missing.</summary>
    private static UserError NotReady(StageContext context, PipelineGraph graph, StageUnit unit)
    {
        string advice = FirstRunnable(context, graph, unit) is { } first
            ? $" Run `idim {first.Command} --experiment {context.Settings.Experiment}` first (or `./build.sh --target={unit.Key.Stage}`, which runs what it needs)."
            : "";
        return new UserError($"{unit.Key} cannot run yet: it {unit.UnknownBecause ?? "has unknown inputs"}.{advice}");
    }

    /// <summary>The stage to run first: the one waited for, or, when that one waits too, the first in the chain that does not.</summary>
    private static Stage? FirstRunnable(StageContext context, PipelineGraph graph, StageUnit unit)
    {
        Stage? missing = unit.WaitsFor is { } name ? graph.Find(name) : null;
        for (int hops = 0; missing is not null && hops < graph.Stages.Count; hops++)
        {
            var blocked = missing.Units(context).Select(u => missing.Plan(context, u)).FirstOrDefault(p => p.Inputs is null && p.WaitsFor is not null);
            if (blocked is null || graph.Find(blocked.WaitsFor!) is not { } earlier) break;
            missing = earlier;
        }
        return missing;
    }
}
