using System.Reflection;
using Workflow.Core.Cache;

namespace Workflow.Pipeline.Slurm;

/// <summary>How the submitting command runs (from <c>idim run --executor slurm</c>).</summary>
/// <param name="Detach">Submit and return (do not wait for the jobs).</param>
/// <param name="Target">The last stage to produce (default: the graph's last stage); only it and what it needs run.</param>
/// <param name="Limit">Give up waiting after this long (the jobs stay queued); null: wait as long as they take.</param>
internal sealed record SlurmRunOptions(bool Detach, string? Target, TimeSpan? Limit = null);

/// <summary>
/// Runs the stage graph on a Slurm cluster (design.md §11) without a scheduler of its own: the stage cache decides what
/// is stale, only stale units are submitted — one job array per stage, one array task per stale unit (one per model for
/// Embed), chained with <c>--dependency=afterok</c> in the graph's order — and each task runs
/// <c>idim &lt;stage&gt; --experiment X --unit &lt;u&gt;</c> against the shared artifacts folder, where the per-unit
/// locks keep tasks apart and the staged commit means a killed task leaves nothing that looks complete. Downloads
/// happen here first (compute nodes are often offline): stages that download run on this host, and each stale unit's
/// remote inputs are fetched (<see cref="Stage.Fetch"/>) before its array is submitted.
/// </summary>
internal static class SlurmExecutor
{
    public static int Run(StageContext context, SlurmSettings slurm, SlurmRunOptions options, TextWriter output, SlurmClient? client = null)
    {
        client ??= new SlurmClient();
        var graph = StageRegistry.Graph;
        var target = options.Target is null ? graph.Stages[^1] : graph[options.Target];
        var wanted = graph.Upstream(target).Append(target).ToList();

        foreach (var stage in wanted.Where(s => s.Downloads))
        {
            output.WriteLine($"slurm: {stage.Name} runs here first (it downloads; compute nodes may be offline)");
            UnitRunner.Run(context, stage, graph);
        }

        var stale = Stale(context, graph, wanted);
        if (stale.Count == 0)
        {
            output.WriteLine($"slurm: every unit of {context.Experiment.Name} up to {target.Name} is up to date; nothing to submit.");
            return ExitCodes.Success;
        }
        foreach (var (stage, units) in stale)
            foreach (string? unit in units) stage.Fetch(context, unit);

        string logs = Path.Combine(context.Folder, "logs");
        Directory.CreateDirectory(logs);
        var submitted = new List<SubmittedJob>();
        var jobOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (stage, units) in stale)
        {
            var afterOk = graph.Upstream(stage).Where(s => jobOf.ContainsKey(s.Name)).Select(s => jobOf[s.Name]).ToList();
            var names = units.Select(u => u ?? stage.Name).ToList();
            var job = new SbatchJob(stage.Name, names, TaskCommand(context, stage, perUnit: units is not [null]), afterOk, stage.UsesTorch);
            string script = Path.Combine(logs, $"{stage.Name.ToLowerInvariant()}.sbatch");
            AtomicFile.WriteAllText(script, SbatchScript.Build(job, slurm, context.Experiment.Name, logs, context.ArtifactsRoot));
            string id = client.Submit(script, slurm.ExtraArguments);
            jobOf[stage.Name] = id;
            submitted.Add(new SubmittedJob(id, job, logs));
            string after = afterOk.Count > 0 ? $", after {string.Join(", ", afterOk)}" : "";
            output.WriteLine($"slurm: submitted {stage.Name} as job {id} ({names.Count} task{(names.Count == 1 ? "" : "s")}: {string.Join(", ", names)}{after}); logs {SbatchScript.LogPattern(logs, stage.Name)}");
        }

        if (options.Detach)
        {
            output.WriteLine($"slurm: detached. Follow with `squeue -j {string.Join(',', jobOf.Values)}`; rerun the same command to see what is still stale.");
            return ExitCodes.Success;
        }

        var outcome = new SlurmMonitor(client, output, TimeSpan.FromSeconds(slurm.PollSeconds), options.Limit).Wait(submitted);
        if (!outcome.Succeeded)
        {
            foreach (var (job, task) in outcome.Failed.Where(f => f.Task.Reason != "DependencyNeverSatisfied"))
            {
                output.WriteLine($"slurm: {job.Job.Stage}[{job.UnitOf(task.Task)}] (job {job.JobId}_{task.Task}) ended {task.State}. Last lines of {job.LogOf(task.Task)}:");
                output.WriteLine(SlurmMonitor.LogTail(job.LogOf(task.Task)));
            }
            output.WriteLine($"slurm: rerun `{RerunCommand(context)}` when fixed: it submits only what is still stale.");
            return ExitCodes.TaskFailed;
        }
        var left = Stale(context, graph, wanted);
        if (left.Count > 0)
            throw new UserError($"The Slurm tasks ended, but {string.Join(", ", left.Select(l => l.Stage.Name))} still look stale: the tasks did not write where this host reads (is {context.ArtifactsRoot} the same shared folder on the compute nodes?).");
        output.WriteLine($"slurm: done; every unit of {context.Experiment.Name} up to {target.Name} is up to date.");
        return ExitCodes.Success;
    }

    /// <summary>The stale units per stage, in the graph's order (with <c>--force</c>: every unit).</summary>
    private static List<(Stage Stage, IReadOnlyList<string?> Units)> Stale(StageContext context, PipelineGraph graph, IReadOnlyList<Stage> wanted)
    {
        var plan = PipelinePlan.Compute(context, graph);
        return wanted
            .Select(stage => (stage, (IReadOnlyList<string?>)plan
                .Where(e => e.Stage == stage && (context.Settings.Force || !e.Status.UpToDate))
                .Select(e => e.Status.Key.Scope).ToList()))
            .Where(s => s.Item2.Count > 0)
            .ToList();
    }

    /// <summary>The idim command one task runs, with <see cref="SbatchScript.UnitPlaceholder"/> for the unit.</summary>
    private static IReadOnlyList<string> TaskCommand(StageContext context, Stage stage, bool perUnit)
    {
        var words = new List<string>(IdimCommand()) { stage.Command, "--experiment", context.Experiment.SourcePath, "--artifacts", context.ArtifactsRoot };
        if (perUnit) words.AddRange(["--unit", SbatchScript.UnitPlaceholder]);
        if (context.Settings.Force) words.Add("--force");
        if (context.Settings.Verify) words.Add("--verify");
        if (stage.UsesTorch && context.Settings.Device is { } device) words.AddRange(["--device", device]);
        return words;
    }

    /// <summary>How this very idim was started: the apphost, or <c>dotnet idim.dll</c> (the path must be on the shared file system).</summary>
    private static IReadOnlyList<string> IdimCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string? assembly = Assembly.GetEntryAssembly()?.Location;
        bool viaDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return viaDotnet && assembly is { Length: > 0 } ? [process, assembly] : [process];
    }

    private static string RerunCommand(StageContext context) =>
        $"idim run --executor slurm --experiment {context.Settings.Experiment}";
}
