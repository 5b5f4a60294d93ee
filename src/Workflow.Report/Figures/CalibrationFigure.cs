using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// The calibration check: true d_k of each class against the estimated ID at layer 0 (the embeddings) per model,
/// and in pixel space, with the identity line and each series' Spearman ρ in the legend.
/// </summary>
public static class CalibrationFigure
{
    /// <summary>Builds the figure.</summary>
    public static Figure Create(ClassIdTable ids, CalibrationResult calibration, int number)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(calibration);
        var columns = calibration.TrueDimensions.Select(t => ids.Classes.ToList().IndexOf(t.Class)).ToArray();
        double[] d = calibration.TrueDimensions.Select(t => t.Dimension).ToArray();

        var plot = FigureStyle.NewPlot();
        double top = d.DefaultIfEmpty(1).Max();
        foreach (var c in calibration.Correlations)
        {
            int m = ids.Models.ToList().IndexOf(c.Model);
            bool pixels = c.Model == ClassIdTable.PixelsModel;
            var layer0 = ids.Ids(c.Model, c.Layer);
            double[] y = columns.Select(k => layer0[k]).ToArray();
            top = Math.Max(top, y.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            var color = pixels ? FigureStyle.PixelsColor : FigureStyle.ModelColor(m, ids.Models.Count);
            var points = plot.Add.ScatterPoints(d, y, color);
            points.MarkerSize = 9;
            points.MarkerShape = pixels ? MarkerShape.OpenSquare : MarkerShape.FilledCircle;
            points.LegendText = $"{(pixels ? "pixel space" : c.Model + ", layer " + c.Layer)}: ρ = {TextFormat.Coefficient(c.Spearman.Coefficient)}";
        }
        double limit = Math.Ceiling(top * 1.08);
        var identity = plot.Add.Line(0, 0, limit, limit);
        identity.LineColor = FigureStyle.Dashed(Colors.Gray);
        identity.LegendText = "estimated = true";
        plot.XLabel("true intrinsic dimension d_k");
        plot.YLabel("estimated ID (TwoNN)");
        plot.Axes.SetLimits(0, limit, 0, limit);
        plot.ShowLegend(Edge.Right);

        return new Figure("fig-calibration", number,
            "Calibration dataset: the true dimension d_k of each class against the TwoNN estimate at layer 0 (the embeddings) of each model " +
            "and in pixel space; ρ is Spearman's rank correlation between d_k and the estimates (see the table below).",
            [FigureStyle.Render(plot, "fig-calibration", "calibration.svg", "True dimension against estimated ID at layer 0 and in pixel space",
                FigureStyle.WideWidth, FigureStyle.WideHeight)]);
    }
}
