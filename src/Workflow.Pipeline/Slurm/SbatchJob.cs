namespace Workflow.Pipeline.Slurm;

/// <summary>
/// One submission: a stage's stale units as a job array (one array task per unit; a single-unit stage is an array of
/// one), the idim command each task runs, and the jobs it waits for (<c>--dependency=afterok</c>).
/// </summary>
/// <param name="Stage">The stage's name (job name and log file prefix).</param>
/// <param name="Units">The units to produce, one array task each (index = position).</param>
/// <param name="Command">The command line of one task, with <see cref="SbatchScript.UnitPlaceholder"/> where the unit goes.</param>
/// <param name="AfterOk">Job ids that must finish successfully first.</param>
/// <param name="UsesGpu">Whether <see cref="SlurmSettings.GpusPerTask"/> applies.</param>
public sealed record SbatchJob(string Stage, IReadOnlyList<string> Units, IReadOnlyList<string> Command, IReadOnlyList<string> AfterOk, bool UsesGpu);
