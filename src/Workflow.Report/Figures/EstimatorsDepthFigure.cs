using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// The estimators side by side against relative depth for one model, all classes pooled: TwoNN (twonn.csv), GRIDE at
/// the middle scale (4, 8), the Levina–Bickel MLE (k = 20) and the PCA dimensions (Ansuini's 90 % and the participation
/// ratio). Agreement in shape is the point; PCA's linear count is expected to sit above the non-linear estimates.
/// </summary>
public static class EstimatorsDepthFigure
{
    private static readonly (string Estimator, string Label)[] Series =
        [("gride", "GRIDE (4, 8)"), ("lb-mle", "Levina–Bickel MLE, k = 20"), ("pca-variance", "PCA, 90 % variance"), ("pca-pr", "PCA participation ratio")];

    /// <summary>The figure for <paramref name="model"/>, or null without Estimators rows for it.</summary>
    public static Figure? Create(IReadOnlyList<EstimatorRow> rows, ClassIdTable ids, string model, int number)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(ids);
        var pooled = rows.Where(r => r.Model == model && r.Class == "all").ToList();
        if (pooled.Count == 0) return null;
        var plot = FigureStyle.NewPlot();
        int colour = 0;
        if (ids.Models.Contains(model))
        {
            int last = ids.LastLayer(model);
            var layers = Enumerable.Range(0, last + 1).ToArray();
            double[] twonn = layers.Select(l => ids.Rows(model, l).Where(r => double.IsFinite(r.Id)).Select(r => r.Id).DefaultIfEmpty(double.NaN).Average()).ToArray();
            var line = plot.Add.Scatter(layers.Select(l => last == 0 ? 0 : (double)l / last).ToArray(), twonn, FigureStyle.ModelColor(colour++, Series.Length + 1));
            line.LineWidth = 2;
            line.LegendText = "TwoNN (mean over classes)";
        }
        foreach (var (estimator, label) in Series)
        {
            var points = pooled.Where(r => r.Estimator == estimator && (estimator != "gride" || r.N1 == 4)).OrderBy(r => r.Depth).ToArray();
            var color = FigureStyle.ModelColor(colour++, Series.Length + 1);
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points.Select(r => r.Depth).ToArray(), points.Select(r => r.Id).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = label + " (all classes)";
        }
        plot.XLabel("relative depth (layer / L)");
        plot.YLabel("intrinsic dimension");
        FigureStyle.DepthAxis(plot);
        plot.ShowLegend(Edge.Right);
        string id = $"fig-estimators-{GrideScaleFigure.Slug(model)}";
        return new Figure(id, number, $"Estimators side by side through {model}: TwoNN, GRIDE at scale (4, 8), Levina–Bickel MLE and two PCA dimensions.",
            [FigureStyle.Render(plot, id, $"estimators-{GrideScaleFigure.Slug(model)}.svg", $"Estimators against depth for {model}", FigureStyle.WideWidth, FigureStyle.WideHeight)]);
    }
}
