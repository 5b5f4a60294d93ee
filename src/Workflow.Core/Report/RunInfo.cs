using System.Text.Json.Serialization;

namespace Workflow.Core.Report;

/// <summary>
/// What the report's header says about a run (<c>artifacts/X/run.json</c>, schema <c>idim.run/1</c>, see
/// <see cref="RunInfoJson"/>): filled by the pipeline from the experiment and the stages' records, so the report
/// can be rendered on its own from a folder.
/// </summary>
/// <param name="Experiment">The experiment's name (<c>demo</c>, <c>cifar10</c>, …).</param>
/// <param name="Description">One sentence about the experiment, or null.</param>
/// <param name="Dataset">Dataset, split and per-class count.</param>
/// <param name="Pooling">How a layer's tokens became one vector: <c>cls</c>, <c>mean</c> or <c>flatten</c>.</param>
/// <param name="Estimator">The TwoNN settings.</param>
/// <param name="LayerSummary">The layer summary the correlations used (<c>last</c>, <c>max</c>, <c>mean</c>, an index, a depth).</param>
/// <param name="ToolVersion">The <c>idim</c> version that produced the run.</param>
/// <param name="Models">The experiment's models, in the experiment's order.</param>
/// <param name="Created">When the run finished (UTC), or null; the report's date is set separately so it can be fixed.</param>
/// <param name="Numerics">How the embeddings were computed (mode, CPU, ISA, threads, libraries; that of the first model
/// when several were embedded apart), or null when unknown.</param>
public sealed record RunInfo(
    string Experiment,
    string? Description,
    DatasetInfo Dataset,
    string Pooling,
    EstimatorInfo Estimator,
    string LayerSummary,
    string ToolVersion,
    IReadOnlyList<ModelInfo> Models,
    DateTimeOffset? Created = null,
    NumericsInfo? Numerics = null)
{
    /// <summary>The schema identifier, always written first.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema => RunInfoJson.Schema;
}

/// <summary>The dataset of a run.</summary>
/// <param name="Name">e.g. <c>cifar10</c>, <c>cifar100</c>, <c>calibration</c>.</param>
/// <param name="Split"><c>train</c> or <c>test</c> (or the calibration generator's seed description).</param>
/// <param name="ImagesPerClass">Images drawn per class.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="IsCalibration">True for a dataset with known d_k per class (<c>latent_dims.json</c>).</param>
/// <param name="Source">Where it came from (URL and checksum, or "generated, seed 0"), or null.</param>
public sealed record DatasetInfo(string Name, string Split, int ImagesPerClass, int Classes, bool IsCalibration = false, string? Source = null);

/// <summary>The TwoNN estimator settings of a run (design.md §1).</summary>
/// <param name="Name"><c>fit</c> (Facco's line through the origin) or <c>mle</c>.</param>
/// <param name="DiscardFraction">Fraction of the largest μ dropped by <c>fit</c> (default 0.1).</param>
/// <param name="MleForm">For <c>mle</c>: <c>unbiased</c> ((N − 1) / Σ log μ) or <c>plain</c>; null for <c>fit</c>.</param>
/// <param name="BootstrapSamples">Bootstrap resamples behind ci_low / ci_high (0 = none).</param>
/// <param name="Seed">Seed of the bootstrap (and subsampling), or null.</param>
public sealed record EstimatorInfo(string Name, double DiscardFraction, string? MleForm = null, int BootstrapSamples = 0, long? Seed = null);

/// <summary>One model of a run.</summary>
/// <param name="Name">The name used in <c>twonn.csv</c>'s <c>model</c> column.</param>
/// <param name="RepoId">Hugging Face repo id (<c>google/vit-base-patch16-224</c>) or local folder.</param>
/// <param name="Revision">The revision asked for (<c>main</c>, <c>refs/pr/1</c>), or null.</param>
/// <param name="Commit">The commit it resolved to, or null.</param>
/// <param name="Family"><c>vit</c>, <c>beit</c> or <c>data2vec-vision</c>, or null.</param>
/// <param name="Layers">L, the number of transformer blocks, or of stages for hierarchical models (hidden states 0..L).</param>
/// <param name="Weights">The weight files and their SHA-256.</param>
/// <param name="Numerics">How this model's embeddings were computed, or null when unknown.</param>
public sealed record ModelInfo(string Name, string RepoId, string? Revision, string? Commit, string? Family, int Layers, IReadOnlyList<WeightFile> Weights,
    NumericsInfo? Numerics = null);

/// <summary>A weight file of a model and its content hash.</summary>
public sealed record WeightFile(string File, string Sha256, long? Size = null);
