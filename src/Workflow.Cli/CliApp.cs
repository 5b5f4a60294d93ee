using System.CommandLine;
using Workflow.Cli.Commands;

namespace Workflow.Cli;

/// <summary>
/// The <c>idim</c> command tree. Each subcommand lives in <c>Commands/</c> and is registered here;
/// tests run the CLI in-process through <see cref="Run"/>.
/// </summary>
public static class CliApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "idim - intrinsic dimension (TwoNN) of vision-transformer representations, per layer and per class.\n" +
            "Workflow: data -> embed -> twonn -> correlate -> report (see README.md).");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(TwoNnCommand.Create());
        root.Subcommands.Add(CorrelateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ForwardCommand.Create());
        root.Subcommands.Add(MakeTinyModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(RehearseCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args) => Build().Parse(args).Invoke();
}
