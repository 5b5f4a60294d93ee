using Workflow.Core.Statistics;

namespace Workflow.Core.Correlate;

/// <summary>Which layer of a model a correlation used; <c>Layer = null</c> when the summary spans all layers (max, mean).</summary>
public sealed record ModelLayer(string Model, int? Layer);

/// <summary>
/// The correlation of two models' per-class ID vectors over <see cref="N"/> classes (classes where either ID is
/// missing are left out).
/// </summary>
public sealed record PairCorrelation(string ModelA, string ModelB, int N, CorrelationResult Pearson, CorrelationResult Spearman)
{
    /// <summary>Permutation p and resampling interval of r (null when neither was asked for).</summary>
    public CorrelationSignificanceResult? PearsonSignificance { get; init; }

    /// <summary>Permutation p and resampling interval of ρ (null when neither was asked for).</summary>
    public CorrelationSignificanceResult? SpearmanSignificance { get; init; }
}

/// <summary>
/// The model × model correlations at one layer selection: either the configured summary or one depth of the
/// common grid. In the poster's tables Pearson fills the lower triangle and Spearman the upper one; see
/// <see cref="Pair"/>. <see cref="Agreement"/> is the median Spearman ρ over the model pairs.
/// </summary>
public sealed record CorrelationPanel(
    string Selection,
    double? Depth,
    IReadOnlyList<ModelLayer> Layers,
    IReadOnlyList<PairCorrelation> Pairs,
    double Agreement)
{
    /// <summary>The models, in matrix order.</summary>
    public IEnumerable<string> Models => Layers.Select(l => l.Model);

    /// <summary>The correlation of models <paramref name="i"/> and <paramref name="j"/> (i ≠ j, either order).</summary>
    public PairCorrelation Pair(int i, int j)
    {
        var models = Layers.Select(l => l.Model).ToArray();
        string a = models[Math.Min(i, j)], b = models[Math.Max(i, j)];
        return Pairs.Single(p => p.ModelA == a && p.ModelB == b);
    }
}

/// <summary>A model's per-class IDs under the layer summary, in <see cref="CorrelationStageResult.Classes"/> order.</summary>
public sealed record ModelClassIds(string Model, int? Layer, IReadOnlyList<double> Ids);

/// <summary>A class's true intrinsic dimension d_k in the calibration dataset.</summary>
public sealed record TrueDimension(ClassLabel Class, double Dimension);

/// <summary>Spearman ρ between the true d_k and a model's estimated per-class ID at <paramref name="Layer"/>.</summary>
public sealed record CalibrationCorrelation(string Model, int Layer, int N, CorrelationResult Spearman);

/// <summary>The calibration check: true d_k per class, and per model (and pixel space) ρ(d_k, ID at layer 0).</summary>
public sealed record CalibrationResult(IReadOnlyList<TrueDimension> TrueDimensions, IReadOnlyList<CalibrationCorrelation> Correlations);

/// <summary>
/// Everything the Correlate stage computes (written as <c>correlation.json</c>, see <see cref="CorrelationJson"/>).
/// </summary>
public sealed record CorrelationStageResult(
    string Estimator,
    LayerSummary Summary,
    IReadOnlyList<string> Models,
    IReadOnlyList<ClassLabel> Classes,
    IReadOnlyList<ModelClassIds> SummaryIds,
    CorrelationPanel AtSummary,
    IReadOnlyList<CorrelationPanel> ByDepth,
    CalibrationResult? Calibration);
