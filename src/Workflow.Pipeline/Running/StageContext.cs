using Workflow.Core.Cache;
using Workflow.Core.Experiments;
using Workflow.Core.Numerics;
using Workflow.Core.Paths;
using Workflow.Torch.Runtime;

namespace Workflow.Pipeline;

/// <summary>Everything a stage run needs: the validated experiment, its folders, the stage cache and the options.</summary>
internal sealed class StageContext
{
    private StageContext(ExperimentConfig experiment, string artifactsRoot, StageSettings settings)
    {
        Experiment = experiment;
        ArtifactsRoot = artifactsRoot;
        Folder = Path.Combine(artifactsRoot, experiment.Name);
        Settings = settings;
        Cache = new StageCache(Folder, ToolVersion);
    }

    /// <summary>The tool version recorded in stage records and Parquet metadata.</summary>
    public static string ToolVersion { get; } =
        typeof(StageContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public ExperimentConfig Experiment { get; }

    /// <summary><c>artifacts/</c> (or $IDIM_ARTIFACTS).</summary>
    public string ArtifactsRoot { get; }

    /// <summary><c>artifacts/&lt;experiment&gt;/</c>.</summary>
    public string Folder { get; }

    public StageSettings Settings { get; }

    public StageCache Cache { get; }

    /// <summary>The device to run on: the command line's, else the experiment's.</summary>
    public string Device => Settings.Device ?? Experiment.Embedding.Device;

    /// <summary>Shared downloads and generated datasets: $IDIM_DATA, else <c>data/</c> in this run's artifacts folder.</summary>
    public string DataRoot =>
        Environment.GetEnvironmentVariable(Workflow.Core.Data.DataFolder.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(ArtifactsRoot, "data");

    /// <summary>The numerics mode: the command line's, else the experiment's (docs/numerics.md).</summary>
    public NumericsMode Numerics => NumericsModes.Parse(Settings.Numerics ?? Experiment.Numerics);

    /// <summary>
    /// Loads and validates the experiment (nothing runs before it validates) and chooses the process's numerics mode,
    /// which must happen before any stage loads libtorch.
    /// </summary>
    public static StageContext Create(StageSettings settings)
    {
        var context = new StageContext(ExperimentLoader.Load(settings.Experiment),
            settings.Artifacts is { Length: > 0 } artifacts ? Path.GetFullPath(artifacts) : ArtifactsFolder.Resolve(),
            settings);
        TorchNumerics.Configure(context.Numerics);
        return context;
    }

    /// <summary>Path relative to the experiment folder, '/'-separated (as stored in records).</summary>
    public string Relative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');
}
