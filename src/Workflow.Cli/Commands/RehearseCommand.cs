using System.CommandLine;
using Workflow.Cli.Rehearsal;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim rehearse</c>: the poster run end to end against a loopback Hub and Toronto (<see cref="PosterRehearsal"/>).
/// Full size (<c>--full</c>) writes the nine checkpoints at their real sizes (≈ 7 GB) and CIFAR at its real size.
/// </summary>
internal static class RehearseCommand
{
    public static Command Create()
    {
        var experiments = new Option<string[]>("--experiment", "-e")
        {
            Description = "Experiments to rehearse (names or paths).", DefaultValueFactory = _ => ["cifar10", "cifar100"], AllowMultipleArgumentsPerToken = true,
        };
        var work = new Option<string>("--work") { Description = "Work folder (served repos, archives, Hub cache, data, artifacts).", DefaultValueFactory = _ => Path.Combine("artifacts", "rehearsal") };
        var full = new Option<bool>("--full") { Description = "Real widths and depths and the real CIFAR sizes (GBs; hours on 2 cores)." };
        var perClass = new Option<int?>("--per-class") { Description = "Replace the experiments' per_class (default: 10; with --full: keep it)." };
        var command = new Command("rehearse",
            "Rehearse the poster run offline: the nine repos' real files with random weights from a loopback Hub, CIFAR from a loopback Toronto, every stage, then an offline plan.")
        {
            experiments, work, full, perClass,
        };
        command.SetAction(parse =>
        {
            bool isFull = parse.GetValue(full);
            var settings = new RehearsalSettings(parse.GetValue(experiments)!, parse.GetValue(work)!, isFull, parse.GetValue(perClass) ?? (isFull ? null : 10));
            RehearsalResult result = PosterRehearsal.Run(settings, Captured, Console.Out);
            foreach (var (key, n) in result.Requests.OrderBy(r => r.Key, StringComparer.Ordinal))
                Console.WriteLine($"rehearse: {n,3} × {key}");
            bool upToDate = result.OfflinePlans.Values.All(p => p.Contains("Everything is up to date.", StringComparison.Ordinal));
            Console.WriteLine(upToDate ? "rehearse: with the hosts gone every stage is up to date." : "rehearse: some stage is NOT up to date offline (see the plans above).");
            return upToDate ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs an idim command in-process and returns what it printed to stdout (errors still go to stderr).</summary>
    private static (int, string) Captured(string[] args)
    {
        TextWriter previous = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (CliApp.Run(args), output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
