using System.CommandLine;
using System.Globalization;
using Workflow.Cli.Stages;
using Workflow.Pipeline;
using Workflow.Pipeline.Slurm;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim run --experiment X [--executor local|slurm]</c>: every stage up to <c>--target</c>, in the graph's order.
/// <c>local</c> runs the units here, one after the other (what <c>./build.sh</c> does); <c>slurm</c> submits the stale
/// units as job arrays chained with afterok (<see cref="SlurmExecutor"/>, docs/slurm.md).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = new StageOptions();
        var executor = new Option<string>("--executor")
        {
            Description = "Where the units run: local (here, default) or slurm (sbatch job arrays; docs/slurm.md).",
            DefaultValueFactory = _ => "local",
        };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var target = new Option<string?>("--target")
        {
            Description = $"The last stage to run, with everything it needs ({string.Join(", ", StageRegistry.Graph.Stages.Select(s => s.Name))}; default: all).",
        };
        var detach = new Option<bool>("--detach") { Description = "slurm: submit and return without waiting for the jobs." };
        var partition = new Option<string?>("--slurm-partition") { Description = "slurm: --partition of every task (overrides slurm.partition)." };
        var account = new Option<string?>("--slurm-account") { Description = "slurm: --account (overrides slurm.account)." };
        var gpus = new Option<int?>("--slurm-gpus-per-task") { Description = "slurm: GPUs per Embed task (overrides slurm.gpus_per_task)." };
        var cpus = new Option<int?>("--slurm-cpus-per-task") { Description = "slurm: CPUs per task (overrides slurm.cpus_per_task)." };
        var mem = new Option<string?>("--slurm-mem") { Description = "slurm: memory per task, e.g. 16G (overrides slurm.mem)." };
        var time = new Option<string?>("--slurm-time") { Description = "slurm: time limit per task, e.g. 02:00:00 (overrides slurm.time)." };
        var extra = new Option<string[]>("--sbatch-arg") { Description = "slurm: a further sbatch argument (repeatable), e.g. --sbatch-arg=--qos=short." };
        var poll = new Option<double>("--slurm-poll") { Description = "slurm: seconds between status polls.", DefaultValueFactory = _ => 2 };
        var command = new Command("run",
            "Run the workflow up to --target: locally (default), or on a Slurm cluster where only stale units are submitted, " +
            "as job arrays chained with --dependency=afterok, each task running `idim <stage> --unit <u>`.")
        {
            executor, target, detach, partition, account, gpus, cpus, mem, time, extra, poll,
        };
        options.AddTo(command, withDevice: true);
        command.SetAction(result =>
        {
            var stageSettings = options.Read(result);
            if (stageSettings.Unit is not null)
                throw new Workflow.Core.UserError("--unit works with a stage command (e.g. `idim embed --unit <model>`), not with `idim run`.");
            var context = StageContext.Create(stageSettings);
            if (result.GetValue(executor) == "local")
            {
                if (result.GetValue(detach)) throw new Workflow.Core.UserError("--detach works only with --executor slurm.");
                var graph = StageRegistry.Graph;
                var last = result.GetValue(target) is { } t ? graph[t] : graph.Stages[^1];
                foreach (var stage in graph.Upstream(last).Append(last)) UnitRunner.Run(context, stage, graph);
                return 0;
            }
            var overrides = new SlurmSettings
            {
                Partition = result.GetValue(partition),
                Account = result.GetValue(account),
                GpusPerTask = result.GetValue(gpus),
                CpusPerTask = result.GetValue(cpus),
                Mem = result.GetValue(mem),
                Time = result.GetValue(time),
                ExtraArguments = result.GetValue(extra) ?? [],
                PollSeconds = result.GetValue(poll),
            };
            var settings = SlurmSettingsOf(context).With(overrides);
            return SlurmExecutor.Run(context, settings, new SlurmRunOptions(result.GetValue(detach), result.GetValue(target)), Console.Out);
        });
        return command;
    }

    /// <summary>The experiment's <c>slurm:</c> block as sbatch settings.</summary>
    private static SlurmSettings SlurmSettingsOf(StageContext context)
    {
        var s = context.Experiment.Slurm;
        return new SlurmSettings
        {
            Partition = s.Partition, Account = s.Account, GpusPerTask = s.GpusPerTask, CpusPerTask = s.CpusPerTask,
            Mem = s.Mem, Time = s.Time, ExtraArguments = s.SbatchArgs ?? [],
        };
    }
}
