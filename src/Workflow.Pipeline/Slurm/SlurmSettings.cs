namespace Workflow.Pipeline.Slurm;

/// <summary>
/// The resources each Slurm task asks for (the experiment's <c>slurm:</c> block, overridden by <c>--slurm-*</c> options),
/// in sbatch's own terms; null means "the cluster's default". Mirrors the resource settings of Snakemake's Slurm
/// executor plugin: the workflow decides what runs, these only say where.
/// </summary>
public sealed record SlurmSettings
{
    /// <summary><c>--partition</c>.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--account</c>.</summary>
    public string? Account { get; init; }
    /// <summary><c>--gpus-per-task</c> for stages that run libtorch (Embed); CPU-only stages never ask for a GPU.</summary>
    public int? GpusPerTask { get; init; }
    /// <summary><c>--cpus-per-task</c>.</summary>
    public int? CpusPerTask { get; init; }
    /// <summary><c>--mem</c>, e.g. <c>16G</c>.</summary>
    public string? Mem { get; init; }
    /// <summary><c>--time</c>, e.g. <c>02:00:00</c>.</summary>
    public string? Time { get; init; }
    /// <summary>Further sbatch arguments, passed as given (e.g. <c>--qos=short</c>, <c>--constraint=a100</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    /// <summary>Seconds between two status polls while the submitting command waits.</summary>
    public double PollSeconds { get; init; } = 2;

    /// <summary>These settings with every non-null value of <paramref name="overrides"/> taking precedence.</summary>
    public SlurmSettings With(SlurmSettings overrides) => new()
    {
        Partition = overrides.Partition ?? Partition,
        Account = overrides.Account ?? Account,
        GpusPerTask = overrides.GpusPerTask ?? GpusPerTask,
        CpusPerTask = overrides.CpusPerTask ?? CpusPerTask,
        Mem = overrides.Mem ?? Mem,
        Time = overrides.Time ?? Time,
        ExtraArguments = [.. ExtraArguments, .. overrides.ExtraArguments],
        PollSeconds = overrides.PollSeconds,
    };
}
