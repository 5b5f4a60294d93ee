using System.Globalization;

namespace Workflow.Core.Correlate;

/// <summary>
/// The Correlate stage's computation (pure): model × model Pearson / Spearman matrices of per-class IDs at the
/// layer summary and at every depth of the common grid, the agreement (median Spearman ρ over model pairs) per
/// depth, and for a calibration dataset ρ(true d_k, estimated ID at layer 0) per model and in pixel space.
/// Coefficients and p-values come from <see cref="Statistics.Correlation"/> (scipy's conventions).
/// </summary>
public static class Correlator
{
    /// <summary>Correlates the per-class IDs of <paramref name="rows"/> (twonn.csv).</summary>
    public static CorrelationStageResult Correlate(IReadOnlyList<TwoNnRow> rows, CorrelateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = ClassIdTable.FromRows(rows, options.Estimator, options.Models);
        return Correlate(table, options);
    }

    /// <summary>Correlates the per-class IDs of <paramref name="table"/>.</summary>
    public static CorrelationStageResult Correlate(ClassIdTable table, CorrelateOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        LayerSummary summary = options.EffectiveSummary;

        var summaryIds = table.Models
            .Select(m => new ModelClassIds(m, summary.LayerFor(table.LastLayer(m), $"model '{m}'"), summary.Select(table, m)))
            .ToArray();
        var atSummary = Panel(summary.ToString(), null, summaryIds);

        var byDepth = DepthGrid.Common(table.Models.Select(table.LastLayer))
            .Select(depth => Panel(
                depth.ToString("0.####", CultureInfo.InvariantCulture),
                depth,
                table.Models.Select(m =>
                {
                    int layer = DepthGrid.NearestLayer(depth, table.LastLayer(m));
                    return new ModelClassIds(m, layer, table.Ids(m, layer));
                }).ToArray()))
            .ToArray();

        return new CorrelationStageResult(table.Estimator, summary, table.Models, table.Classes, summaryIds, atSummary, byDepth,
            options.TrueDimensions is null ? null : Calibrate(table, options.TrueDimensions));
    }

    /// <summary>The median of the finite values (mean of the two middle ones for an even count); NaN when none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static CorrelationPanel Panel(string selection, double? depth, IReadOnlyList<ModelClassIds> ids)
    {
        var pairs = new List<PairCorrelation>();
        for (int i = 0; i < ids.Count; i++)
            for (int j = i + 1; j < ids.Count; j++)
            {
                var (x, y) = Complete(ids[i].Ids, ids[j].Ids);
                pairs.Add(new PairCorrelation(ids[i].Model, ids[j].Model, x.Length, CorrelationTests.Pearson(x, y), CorrelationTests.Spearman(x, y)));
            }
        return new CorrelationPanel(selection, depth, ids.Select(m => new ModelLayer(m.Model, m.Layer)).ToArray(), pairs,
            Median(pairs.Select(p => p.Spearman.Coefficient)));
    }

    private static CalibrationResult Calibrate(ClassIdTable table, IReadOnlyDictionary<string, double> trueDimensions)
    {
        var known = table.Classes.Where(c => trueDimensions.ContainsKey(c.Name)).ToArray();
        if (known.Length == 0)
            throw new FormatException(
                $"latent_dims.json names none of the classes in twonn.csv ({string.Join(", ", table.Classes.Select(c => c.Name).Take(5))}…); " +
                "it should map each class name to its true dimension d_k.");
        var truth = known.Select(c => new TrueDimension(c, trueDimensions[c.Name])).ToArray();
        int[] columns = known.Select(c => table.Classes.ToList().IndexOf(c)).ToArray();
        double[] d = truth.Select(t => t.Dimension).ToArray();

        var models = table.HasPixels ? table.Models.Append(ClassIdTable.PixelsModel) : table.Models;
        var correlations = models.Select(m =>
        {
            var ids = table.Ids(m, 0);
            var (x, y) = Complete(d, columns.Select(c => ids[c]).ToArray());
            return new CalibrationCorrelation(m, 0, x.Length, CorrelationTests.Spearman(x, y));
        }).ToArray();
        return new CalibrationResult(truth, correlations);
    }

    // Keep the classes where both IDs are finite (a failed estimate is NaN in twonn.csv).
    private static (double[] X, double[] Y) Complete(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }
}
