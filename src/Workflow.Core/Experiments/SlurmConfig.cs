namespace Workflow.Core.Experiments;

/// <summary>
/// The experiment's <c>slurm:</c> block: what each task of <c>idim run --executor slurm</c> asks the cluster for
/// (sbatch's own option names; absent = the cluster's default). Command-line <c>--slurm-*</c> options override it.
/// </summary>
/// <param name="GpusPerTask">GPUs for each Embed task (other stages never ask for one).</param>
/// <param name="Mem">sbatch <c>--mem</c>, e.g. <c>32G</c>.</param>
/// <param name="Time">sbatch <c>--time</c>, e.g. <c>04:00:00</c>.</param>
/// <param name="SbatchArgs">Further sbatch arguments, as given (e.g. <c>--qos=normal</c>).</param>
public sealed record SlurmConfig(
    string? Partition = null,
    string? Account = null,
    int? GpusPerTask = null,
    int? CpusPerTask = null,
    string? Mem = null,
    string? Time = null,
    IReadOnlyList<string>? SbatchArgs = null)
{
    /// <summary>No <c>slurm:</c> block.</summary>
    public static SlurmConfig None { get; } = new();
}
