using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// Agreement between models against relative depth: the median Spearman ρ over model pairs at every depth of the
/// common grid, with the range over pairs as a band.
/// </summary>
public static class AgreementFigure
{
    /// <summary>Builds the figure.</summary>
    public static Figure Create(IReadOnlyList<CorrelationPanel> byDepth, int number)
    {
        ArgumentNullException.ThrowIfNull(byDepth);
        double[] depth = byDepth.Select(p => p.Depth ?? double.NaN).ToArray();
        double[] median = byDepth.Select(p => p.Agreement).ToArray();
        double[] low = byDepth.Select(p => Finite(p).DefaultIfEmpty(double.NaN).Min()).ToArray();
        double[] high = byDepth.Select(p => Finite(p).DefaultIfEmpty(double.NaN).Max()).ToArray();
        int pairs = byDepth.Count == 0 ? 0 : byDepth[0].Pairs.Count;

        var plot = FigureStyle.NewPlot();
        var color = Color.FromHex("#0b5394");
        var band = plot.Add.FillY(depth, low, high);
        band.FillColor = color.WithAlpha(0.15);
        band.LineWidth = 0;
        band.LegendText = $"range over the {pairs} model pairs";
        var line = plot.Add.Scatter(depth, median, color);
        line.LineWidth = 2.4f;
        line.MarkerSize = 7;
        line.LegendText = "median Spearman ρ over model pairs";
        var zero = plot.Add.HorizontalLine(0, 1, FigureStyle.Dashed(Color.FromHex("#A6A6A6"))); // the 60 % grey it had
        plot.XLabel("relative depth (grid of the shallowest model)");
        plot.YLabel("Spearman ρ of per-class IDs");
        // Zoom in on the values, but keep 0 and 1 in view so "how close to perfect agreement" stays readable.
        double lowest = low.Where(double.IsFinite).DefaultIfEmpty(0).Min();
        plot.Axes.SetLimitsY(Math.Min(0, Math.Floor((lowest - 0.05) * 10) / 10) - 0.03, 1.05);
        FigureStyle.DepthAxis(plot);
        plot.ShowLegend(Alignment.LowerRight);

        return new Figure("fig-agreement", number,
            "Agreement of the class ranking between models against relative depth: at each depth of the shallowest model's layer grid, " +
            "every model is read at its nearest layer, and the median Spearman ρ over model pairs is shown (band: smallest to largest ρ).",
            [FigureStyle.Render(plot, "fig-agreement", "agreement-vs-depth.svg", "Median Spearman rho over model pairs against relative depth",
                FigureStyle.WideWidth, FigureStyle.WideHeight - 40)]);
    }

    private static IEnumerable<double> Finite(CorrelationPanel panel) =>
        panel.Pairs.Select(p => p.Spearman.Coefficient).Where(double.IsFinite);
}
