using System.Globalization;

namespace Workflow.Core.Correlate;

/// <summary>How a per-class ID vector is taken from a model's layers.</summary>
public enum LayerSummaryKind
{
    /// <summary>The last layer, L (the default; the poster's tables correlate one number per class and model).</summary>
    Last,
    /// <summary>Per class, the largest ID over layers 0..L.</summary>
    Max,
    /// <summary>Per class, the mean ID over layers 0..L.</summary>
    Mean,
    /// <summary>A fixed layer index, the same for every model.</summary>
    Index,
    /// <summary>A relative depth in [0, 1]; each model uses its nearest layer (see <see cref="DepthGrid.NearestLayer"/>).</summary>
    Depth,
}

/// <summary>
/// The layer summary of design.md §1: <c>last</c>, <c>max</c>, <c>mean</c> (over layers), an integer layer
/// index (<c>3</c>) or a relative depth (<c>0.5</c>, written with a decimal point).
/// </summary>
public sealed record LayerSummary
{
    private LayerSummary(LayerSummaryKind kind, int layer, double depth)
    {
        Kind = kind;
        Layer = layer;
        Depth = depth;
    }

    /// <summary>Which summary.</summary>
    public LayerSummaryKind Kind { get; }

    /// <summary>The layer index for <see cref="LayerSummaryKind.Index"/>, else -1.</summary>
    public int Layer { get; }

    /// <summary>The relative depth for <see cref="LayerSummaryKind.Depth"/>, else NaN.</summary>
    public double Depth { get; }

    /// <summary>The last layer (default).</summary>
    public static LayerSummary Last { get; } = new(LayerSummaryKind.Last, -1, double.NaN);

    /// <summary>Per class, the maximum over layers.</summary>
    public static LayerSummary Max { get; } = new(LayerSummaryKind.Max, -1, double.NaN);

    /// <summary>Per class, the mean over layers.</summary>
    public static LayerSummary Mean { get; } = new(LayerSummaryKind.Mean, -1, double.NaN);

    /// <summary>A fixed layer index.</summary>
    public static LayerSummary AtLayer(int layer) =>
        layer >= 0 ? new(LayerSummaryKind.Index, layer, double.NaN)
            : throw new ArgumentOutOfRangeException(nameof(layer), layer, "A layer index is 0 (embeddings) or more.");

    /// <summary>A relative depth in [0, 1] (layer / L).</summary>
    public static LayerSummary AtDepth(double depth) =>
        depth is >= 0 and <= 1 ? new(LayerSummaryKind.Depth, -1, depth)
            : throw new ArgumentOutOfRangeException(nameof(depth), depth, "A relative depth lies in [0, 1].");

    /// <summary>
    /// Parses <c>last</c>, <c>max</c>, <c>mean</c>, an integer (layer index) or a number with a decimal point
    /// (relative depth in [0, 1]); invariant culture.
    /// </summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static LayerSummary Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "last": return Last;
            case "max": return Max;
            case "mean": return Mean;
        }
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int layer)) return AtLayer(layer);
        if (t.Contains('.') && double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double depth)
            && depth is >= 0 and <= 1)
            return AtDepth(depth);
        throw new FormatException(
            $"Layer summary '{text}' is not understood. Use last, max, mean, a layer index (e.g. 3) " +
            "or a relative depth in [0, 1] with a decimal point (e.g. 0.5).");
    }

    /// <summary>
    /// The layer this summary picks in a model whose last layer is <paramref name="lastLayer"/>, or null for
    /// <c>max</c> and <c>mean</c> (which use every layer).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer index beyond <paramref name="lastLayer"/>.</exception>
    public int? LayerFor(int lastLayer, string model = "the model") => Kind switch
    {
        LayerSummaryKind.Last => lastLayer,
        LayerSummaryKind.Index when Layer <= lastLayer => Layer,
        LayerSummaryKind.Index => throw new ArgumentOutOfRangeException(nameof(lastLayer),
            $"Layer summary {Layer} is beyond the last layer of {model} ({lastLayer}); use a relative depth (e.g. 0.5) to compare models of different depth."),
        LayerSummaryKind.Depth => DepthGrid.NearestLayer(Depth, lastLayer),
        _ => null,
    };

    /// <summary>The per-class IDs of <paramref name="model"/> under this summary, in <see cref="ClassIdTable.Classes"/> order.</summary>
    public IReadOnlyList<double> Select(ClassIdTable table, string model)
    {
        ArgumentNullException.ThrowIfNull(table);
        int last = table.LastLayer(model);
        int? layer = LayerFor(last, $"model '{model}'");
        if (layer is int l) return table.Ids(model, l);

        var layers = Enumerable.Range(0, last + 1).Select(l => table.Ids(model, l)).ToArray();
        return Enumerable.Range(0, table.Classes.Count)
            .Select(c => Kind == LayerSummaryKind.Max ? layers.Max(ids => ids[c]) : layers.Average(ids => ids[c]))
            .ToArray();
    }

    /// <summary>The text form that <see cref="Parse"/> reads back: <c>last</c>, <c>max</c>, <c>mean</c>, <c>3</c>, <c>0.5</c>.</summary>
    public override string ToString() => Kind switch
    {
        LayerSummaryKind.Last => "last",
        LayerSummaryKind.Max => "max",
        LayerSummaryKind.Mean => "mean",
        LayerSummaryKind.Index => Layer.ToString(CultureInfo.InvariantCulture),
        _ => Depth.ToString("0.0###", CultureInfo.InvariantCulture),
    };

    /// <summary>Words for the report: "last layer", "maximum over layers", "layer 3", "relative depth 0.5".</summary>
    public string Describe() => Kind switch
    {
        LayerSummaryKind.Last => "last layer",
        LayerSummaryKind.Max => "maximum over layers",
        LayerSummaryKind.Mean => "mean over layers",
        LayerSummaryKind.Index => $"layer {Layer.ToString(CultureInfo.InvariantCulture)}",
        _ => $"relative depth {ToString()}",
    };
}
