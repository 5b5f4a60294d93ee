using ScottPlot;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// GRIDE's scale analysis (Denti et al. 2022; DADApy's <c>return_id_scaling_gride</c>): ID against the neighbourhood
/// scale (mean of r_n1 and r_n2, log axis) for one model's layer, one line per class. A plateau is the scale range where
/// the ID is well defined; a drift says the ID depends on the scale (noise at small scales, curvature at large ones).
/// </summary>
public static class GrideScaleFigure
{
    /// <summary>The figure for <paramref name="model"/> at <paramref name="layer"/>, or null when estimators.csv has no GRIDE rows for it.</summary>
    public static Figure? Create(IReadOnlyList<EstimatorRow> rows, string model, int layer, int number)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var gride = rows.Where(r => r.Model == model && r.Layer == layer && r.Estimator == "gride" && r.N1 is not null && double.IsFinite(r.Id)).ToList();
        if (gride.Count == 0) return null;
        var classes = gride.Where(r => r.Class != "all").Select(r => r.ClassName).Distinct().ToList();
        var plot = FigureStyle.NewPlot();
        for (int c = 0; c < classes.Count; c++)
        {
            var line = gride.Where(r => r.ClassName == classes[c] && r.Class != "all").OrderBy(r => r.N1).ToArray();
            var scatter = plot.Add.Scatter(line.Select(r => Math.Log10(r.Scale)).ToArray(), line.Select(r => r.Id).ToArray(), FigureStyle.ClassColor(c, classes.Count));
            scatter.LineWidth = 1.6f;
            scatter.MarkerSize = 4;
            scatter.LegendText = classes[c];
        }
        var all = gride.Where(r => r.Class == "all").OrderBy(r => r.N1).ToArray();
        if (all.Length > 0)
        {
            var pooled = plot.Add.Scatter(all.Select(r => Math.Log10(r.Scale)).ToArray(), all.Select(r => r.Id).ToArray(), FigureStyle.PixelsColor);
            pooled.LineWidth = 2.6f;
            pooled.LineColor = FigureStyle.Dashed(FigureStyle.PixelsColor); // the markers keep the plain colour: solid outlines
            pooled.LegendText = "all classes";
        }
        plot.XLabel("log10 scale (mean of r_n1 and r_n2)");
        plot.YLabel("intrinsic dimension (GRIDE)");
        plot.ShowLegend(Edge.Right);
        string id = $"fig-gride-{Slug(model)}";
        return new Figure(id, number,
            $"GRIDE scale analysis of {model}, layer {layer}: n1 = 1, 2, 4, …, n2 = 2·n1 on each class's points (and all pooled, dashed), " +
            "the ID at each scale with DADApy's conventions.",
            [FigureStyle.Render(plot, id, $"gride-{Slug(model)}.svg", $"GRIDE ID against scale for {model} layer {layer}", FigureStyle.WideWidth, FigureStyle.WideHeight)]);
    }

    internal static string Slug(string name) => new(name.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-').ToArray());
}
