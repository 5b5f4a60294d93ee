using System.CommandLine;
using Workflow.Cli.Commands;
using Workflow.Core;

namespace Workflow.Cli;

/// <summary>
/// The <c>idim</c> command tree. Each subcommand lives in <c>Commands/</c> and is registered here;
/// tests run the CLI in-process through <see cref="Run"/>. The commands parse and print; the pipeline
/// (stages, graph, runner) lives in Workflow.Pipeline.
/// </summary>
public static class CliApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "idim - intrinsic dimension (TwoNN) of vision-transformer representations, per layer and per class.\n" +
            "Workflow: data -> embed -> twonn -> correlate -> report (`idim graph`; see README.md).\n\n" + ExitCodes.Table);
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(GraphCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(TwoNnCommand.Create());
        root.Subcommands.Add(EstimateCommand.Create());
        root.Subcommands.Add(SimilarityCommand.Create());
        root.Subcommands.Add(CorrelateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ForwardCommand.Create());
        root.Subcommands.Add(DecodeCommand.Create());
        root.Subcommands.Add(MakeTinyModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        // Without an action of its own, `idim bogus` reported "Required command was not provided." besides the
        // unrecognized command (probe #19); with one, only the real error is shown, after the help.
        root.SetAction(parse =>
        {
            new System.CommandLine.Help.HelpAction().Invoke(parse);
            return 1;
        });
        root.Subcommands.Add(RehearseCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code. Errors are turned into exit codes in one place.</summary>
    public static int Run(string[] args)
    {
        try
        {
            return Build().Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CommandErrors.Report(e);
        }
    }
}
