using System.Globalization;

namespace Workflow.Core.Correlate;

/// <summary>
/// The per-class IDs of <c>twonn.csv</c> for one estimator, indexed model → layer → class.
/// Every model must have every layer 0..L and every class; the pooled rows (<c>class = all</c>) are
/// kept apart. The pseudo-model <see cref="PixelsModel"/> (raw pixels, layer 0 only) is not one of
/// <see cref="Models"/>: it only takes part in the calibration check.
/// </summary>
public sealed class ClassIdTable
{
    /// <summary>Name of the pseudo-model whose "layer 0" is the raw pixel space.</summary>
    public const string PixelsModel = "pixels";

    private readonly Dictionary<string, double[][]> _ids;       // model → [layer][class]
    private readonly Dictionary<string, TwoNnRow[][]> _rows;    // model → [layer][class]

    private ClassIdTable(string estimator, IReadOnlyList<string> models, bool hasPixels, IReadOnlyList<ClassLabel> classes,
                         Dictionary<string, double[][]> ids, Dictionary<string, TwoNnRow[][]> rows)
    {
        Estimator = estimator;
        Models = models;
        HasPixels = hasPixels;
        Classes = classes;
        _ids = ids;
        _rows = rows;
    }

    /// <summary>The estimator the rows were taken from (<c>fit</c> or <c>mle</c>).</summary>
    public string Estimator { get; }

    /// <summary>The models, in the order of their first row (or the order asked for), without <see cref="PixelsModel"/>.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>True when the table holds the <see cref="PixelsModel"/> pseudo-model.</summary>
    public bool HasPixels { get; }

    /// <summary>The classes, ordered by label.</summary>
    public IReadOnlyList<ClassLabel> Classes { get; }

    /// <summary>L, the last layer index of <paramref name="model"/> (0 for <see cref="PixelsModel"/>).</summary>
    public int LastLayer(string model) => IdsOf(model).Length - 1;

    /// <summary>The per-class IDs of <paramref name="model"/> at <paramref name="layer"/>, in <see cref="Classes"/> order.</summary>
    public IReadOnlyList<double> Ids(string model, int layer)
    {
        double[][] ids = IdsOf(model);
        if (layer < 0 || layer >= ids.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Model '{model}' has layers 0..{ids.Length - 1}.");
        return ids[layer];
    }

    /// <summary>The <c>twonn.csv</c> rows of <paramref name="model"/> at <paramref name="layer"/>, in <see cref="Classes"/> order.</summary>
    public IReadOnlyList<TwoNnRow> Rows(string model, int layer) => RowsOf(model)[layer];

    private double[][] IdsOf(string model) =>
        _ids.TryGetValue(model, out var ids) ? ids
            : throw new KeyNotFoundException($"No model '{model}' in twonn.csv; it has {string.Join(", ", _ids.Keys)}.");

    private TwoNnRow[][] RowsOf(string model) =>
        _rows.TryGetValue(model, out var rows) ? rows
            : throw new KeyNotFoundException($"No model '{model}' in twonn.csv; it has {string.Join(", ", _rows.Keys)}.");

    /// <summary>
    /// Builds the table from <c>twonn.csv</c> rows. <paramref name="estimator"/> picks the estimator when the
    /// file holds several (required then); <paramref name="models"/> restricts and orders the models.
    /// </summary>
    /// <exception cref="FormatException">A layer or class is missing, duplicated, or labels are not integers.</exception>
    public static ClassIdTable FromRows(IReadOnlyList<TwoNnRow> rows, string? estimator = null, IReadOnlyList<string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] estimators = rows.Select(r => r.Estimator).Distinct().ToArray();
        if (estimators.Length == 0) throw new FormatException("twonn.csv has no rows.");
        estimator ??= estimators.Length == 1 ? estimators[0]
            : throw new FormatException($"twonn.csv holds several estimators ({string.Join(", ", estimators)}); say which one to use.");
        if (!estimators.Contains(estimator))
            throw new FormatException($"twonn.csv has no rows for estimator '{estimator}'; it has {string.Join(", ", estimators)}.");

        var perClass = rows.Where(r => r.Estimator == estimator && !r.IsPooled).ToList();
        var classes = perClass
            .GroupBy(r => r.Class)
            .Select(g => new ClassLabel(ParseLabel(g.Key), g.First().ClassName.Length > 0 ? g.First().ClassName : g.Key))
            .OrderBy(c => c.Label)
            .ToArray();
        var classIndex = classes.Select((c, i) => (c.Label, i)).ToDictionary(p => p.Label, p => p.i);

        string[] present = perClass.Select(r => r.Model).Distinct().ToArray();
        if (models is not null)
        {
            string[] unknown = models.Where(m => !present.Contains(m)).ToArray();
            if (unknown.Length > 0)
                throw new FormatException($"twonn.csv has no rows for model(s) {string.Join(", ", unknown)}; it has {string.Join(", ", present)}.");
        }
        var wanted = (models ?? present).Where(m => m != PixelsModel).ToArray();
        bool hasPixels = present.Contains(PixelsModel);
        var keep = hasPixels ? wanted.Append(PixelsModel).ToArray() : wanted;

        var ids = new Dictionary<string, double[][]>();
        var byLayer = new Dictionary<string, TwoNnRow[][]>();
        foreach (string model in keep)
        {
            var modelRows = perClass.Where(r => r.Model == model).ToList();
            int last = modelRows.Max(r => r.Layer);
            if (model == PixelsModel && last != 0)
                throw new FormatException($"twonn.csv: the '{PixelsModel}' pseudo-model may only have layer 0, found layer {last}.");
            var grid = new TwoNnRow?[last + 1, classes.Length];
            foreach (var row in modelRows)
            {
                if (row.Layer < 0) throw new FormatException($"twonn.csv: model '{model}' has a negative layer {row.Layer}.");
                int c = classIndex[ParseLabel(row.Class)];
                if (grid[row.Layer, c] is not null)
                    throw new FormatException($"twonn.csv: model '{model}', layer {row.Layer}, class {row.Class} appears twice for estimator '{estimator}'.");
                grid[row.Layer, c] = row;
            }
            var layerRows = new TwoNnRow[last + 1][];
            for (int layer = 0; layer <= last; layer++)
            {
                layerRows[layer] = new TwoNnRow[classes.Length];
                for (int c = 0; c < classes.Length; c++)
                    layerRows[layer][c] = grid[layer, c]
                        ?? throw new FormatException($"twonn.csv: model '{model}' has no row for layer {layer}, class {classes[c].Label} " +
                                                     $"({classes[c].Name}); every model needs every layer 0..{last} and every class.");
            }
            byLayer[model] = layerRows;
            ids[model] = layerRows.Select(l => l.Select(r => r.Id).ToArray()).ToArray();
        }
        return new ClassIdTable(estimator, wanted, hasPixels, classes, ids, byLayer);
    }

    private static int ParseLabel(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) ? label
            : throw new FormatException($"twonn.csv: class '{text}' is neither an integer label nor '{TwoNnRow.PooledClass}'.");
}
