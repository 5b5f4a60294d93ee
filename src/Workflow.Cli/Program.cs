// `idim`: intrinsic dimension of neural-network representations (see CliApp for the command tree).
return Workflow.Cli.NativeExit.Exit(Workflow.Cli.CliApp.Run(args));
