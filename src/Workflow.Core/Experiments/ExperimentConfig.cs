namespace Workflow.Core.Experiments;

/// <summary>One experiment: a dataset, the models to embed, and the settings of every stage.</summary>
/// <param name="Name">Experiment name; outputs go to <c>artifacts/&lt;Name&gt;/</c>.</param>
/// <param name="Description">Free text shown in the report.</param>
/// <param name="SourcePath">The YAML file it was read from.</param>
/// <param name="Numerics"><c>portable</c> (libtorch's kernels pinned to AVX2: the same bits on every x86-64 machine of one CPU vendor)
/// or <c>fast</c> (the machine's widest kernels); docs/numerics.md.</param>
public sealed record ExperimentConfig(
    string Name,
    string? Description,
    DatasetConfig Dataset,
    IReadOnlyList<ModelConfig> Models,
    EmbeddingConfig Embedding,
    TwoNnConfig TwoNn,
    CorrelationConfig Correlation,
    string SourcePath,
    string Numerics = "portable")
{
    /// <summary>Resources of Slurm tasks (<c>slurm:</c>; used only by <c>--executor slurm</c>).</summary>
    public SlurmConfig Slurm { get; init; } = SlurmConfig.None;

    /// <summary>Estimators beside TwoNN (<c>estimators:</c>; none by default).</summary>
    public EstimatorsConfig Estimators { get; init; } = EstimatorsConfig.None;

    /// <summary>Similarity measures between models (<c>similarity:</c>; none by default).</summary>
    public SimilarityConfig Similarity { get; init; } = SimilarityConfig.None;
}

/// <summary>Which images: dataset (cifar10 | cifar100 | calibration | imagefolder | hub), split, images per class, seed.</summary>
/// <param name="Labels">CIFAR-100 only: <c>fine</c> (100 classes) or <c>coarse</c> (20 superclasses).</param>
/// <param name="Images">The source of an <c>imagefolder</c> or <c>hub</c> dataset; null for the built-in ones.</param>
public sealed record DatasetConfig(string Name, string Split, int PerClass, int Seed, string Labels, ImageDatasetConfig? Images = null);

/// <summary>
/// A model: a Hugging Face Hub repo id (with optional revision), a local folder in the Hugging Face
/// layout, or a tiny random model that idim writes itself (for the offline demo) and then loads as a folder.
/// </summary>
/// <param name="Name">Short name used in file names and the report (letters, digits, '-', '_', '.').</param>
public sealed record ModelConfig(string Name, string? Repo, string? Revision, string? Path, TinyModelConfig? Tiny)
{
    /// <summary>What the model is, for people: repo@revision, the folder, or the tiny recipe.</summary>
    public string Source => Repo is not null ? $"{Repo}@{Revision ?? "main"}"
        : Path is not null ? Path
        : $"tiny {Tiny!.Family} (seed {Tiny.Seed})";
}

/// <summary>A tiny random checkpoint of one family, written deterministically from a seed.</summary>
public sealed record TinyModelConfig(string Family, int Seed);

/// <summary>How hidden states become vectors and how the forward pass runs.</summary>
/// <param name="Pooling"><c>cls</c> (token 0), <c>mean</c> (patch tokens) or <c>flatten</c> (all T×C values).</param>
/// <param name="Layers">Hidden-state indices to keep; null = all (0 = embeddings … L = last block).</param>
public sealed record EmbeddingConfig(string Pooling, IReadOnlyList<int>? Layers, int BatchSize, string Device, string Dtype);

/// <summary>TwoNN settings (design.md §1).</summary>
/// <param name="Pixels">Also estimate the ID of the raw pixels (a pseudo-model named <c>pixels</c>).</param>
public sealed record TwoNnConfig(
    string Estimator,
    double DiscardFraction,
    string Convention,
    double? MergeBelow,
    int Bootstrap,
    int Seed,
    bool Pixels);

/// <summary>Correlation settings: the layer summary at which per-class IDs are correlated.</summary>
/// <param name="Summary"><c>last</c>, <c>max</c>, <c>mean</c>, a layer index, or a relative depth in [0, 1].</param>
/// <param name="Summary">Which layer (or summary over layers) the model × model tables use.</param>
/// <param name="Permutations">Label-shuffle budget of each table entry's permutation p (0: none; exact over all class orders when smaller).</param>
public sealed record CorrelationConfig(string Summary, int Permutations = CorrelationConfig.DefaultPermutations)
{
    /// <summary>The default label-shuffle budget.</summary>
    public const int DefaultPermutations = 10000;
}
