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
        var resampled = (options.Resampled ?? []).Select(r => ClassIdTable.FromRows(r, options.Estimator, options.Models)).ToArray();
        return Correlate(table, options, resampled);
    }

    /// <summary>
    /// Correlates the per-class IDs of <paramref name="table"/>; with <paramref name="resampled"/> (the same table per
    /// bootstrap resample) and <see cref="CorrelateOptions.Permutations"/>, each pair also gets its resampling interval and
    /// label-shuffle p (issue 14 item 3).
    /// </summary>
    public static CorrelationStageResult Correlate(ClassIdTable table, CorrelateOptions options, IReadOnlyList<ClassIdTable>? resampled = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        LayerSummary summary = options.EffectiveSummary;
        resampled ??= [];

        var summaryIds = table.Models
            .Select(m => new ModelClassIds(m, summary.LayerFor(table.LastLayer(m), $"model '{m}'"), summary.Select(table, m)))
            .ToArray();
        var atSummary = Panel(summary.ToString(), null, summaryIds,
            resampled.Select(t => table.Models.Select(m => summary.Select(t, m)).ToArray()).ToArray(), options);

        var byDepth = DepthGrid.Common(table.Models.Select(table.LastLayer))
            .Select(depth =>
            {
                int[] layers = table.Models.Select(m => DepthGrid.NearestLayer(depth, table.LastLayer(m))).ToArray();
                return Panel(
                    depth.ToString("0.####", CultureInfo.InvariantCulture),
                    depth,
                    table.Models.Select((m, i) => new ModelClassIds(m, layers[i], table.Ids(m, layers[i]))).ToArray(),
                    resampled.Select(t => table.Models.Select((m, i) => t.Ids(m, layers[i])).ToArray()).ToArray(), options);
            })
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

    /// <param name="resampled">Per resample, each model's per-class IDs at the same layers as <paramref name="ids"/>.</param>
    private static CorrelationPanel Panel(string selection, double? depth, IReadOnlyList<ModelClassIds> ids,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> resampled, CorrelateOptions options)
    {
        var pairs = new List<PairCorrelation>();
        for (int i = 0; i < ids.Count; i++)
            for (int j = i + 1; j < ids.Count; j++)
            {
                var keep = CompleteClasses(ids[i].Ids, ids[j].Ids);
                double[] x = keep.Select(c => ids[i].Ids[c]).ToArray(), y = keep.Select(c => ids[j].Ids[c]).ToArray();
                var pair = new PairCorrelation(ids[i].Model, ids[j].Model, x.Length, CorrelationTests.Pearson(x, y), CorrelationTests.Spearman(x, y));
                if (x.Length >= 3 && (options.Permutations > 0 || resampled.Count > 0))
                {
                    // A resample counts only where both models have an estimate for every class of the pair.
                    var draws = resampled
                        .Select(r => (X: (IReadOnlyList<double>)keep.Select(c => r[i][c]).ToArray(), Y: (IReadOnlyList<double>)keep.Select(c => r[j][c]).ToArray()))
                        .Where(r => r.X.All(double.IsFinite) && r.Y.All(double.IsFinite)).ToArray();
                    var tests = Statistics.CorrelationSignificance.Analyse(x, y, draws, options.Permutations, CorrelateOptions.IntervalLevel, options.Seed);
                    pair = pair with
                    {
                        PearsonSignificance = tests.Single(t => t.Method == Statistics.CorrelationMethod.Pearson),
                        SpearmanSignificance = tests.Single(t => t.Method == Statistics.CorrelationMethod.Spearman),
                    };
                }
                pairs.Add(pair);
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

    // The classes where both IDs are finite (a failed estimate is NaN in twonn.csv).
    private static int[] CompleteClasses(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();

    // The values of those classes.
    private static (double[] X, double[] Y) Complete(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int[] keep = CompleteClasses(x, y);
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }
}
