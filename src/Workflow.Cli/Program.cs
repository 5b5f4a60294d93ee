using System.CommandLine;
using Workflow.Cli.Commands;

// `idim`: intrinsic dimension of neural-network representations. One subcommand per workflow stage,
// plus tools; each subcommand lives in Commands/ and registers itself here.
var root = new RootCommand(
    "idim - intrinsic dimension (TwoNN) of vision-transformer representations, per layer and per class.\n" +
    "Workflow: data -> embed -> twonn -> correlate -> report (see README.md).");
root.Subcommands.Add(DoctorCommand.Create());

return root.Parse(args).Invoke();
