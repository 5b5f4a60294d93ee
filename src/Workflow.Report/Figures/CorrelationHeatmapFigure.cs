using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// The poster's correlation table as a heat map: Pearson r in the lower triangle, Spearman ρ in the upper one,
/// each cell printed with significance marks (* p &lt; 0.05, ** p &lt; 0.01, *** p &lt; 0.001), coloured on a
/// diverging map over [−1, 1].
/// </summary>
public static class CorrelationHeatmapFigure
{
    // ColorBrewer RdBu (reversed): blue for −1, white for 0, red for +1, as the shaded HTML table.
    private static readonly IColormap Colormap = new ScottPlot.Colormaps.CustomInterpolated(
        new[] { "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b" }.Select(Color.FromHex).ToArray());

    /// <summary>Builds the figure for <paramref name="panel"/> (usually the layer-summary panel).</summary>
    public static Figure Create(CorrelationPanel panel, int number, string dataset, string selection)
    {
        ArgumentNullException.ThrowIfNull(panel);
        string[] models = panel.Models.ToArray();
        int n = models.Length;
        var plot = FigureStyle.NewPlot();

        for (int i = 0; i < n; i++)          // row i from the top
            for (int j = 0; j < n; j++)      // column j from the left
            {
                double x = j, y = n - 1 - i;
                double value;
                string label;
                if (i == j) { value = double.NaN; label = "—"; }
                else
                {
                    var pair = panel.Pair(i, j);
                    var test = i > j ? pair.Pearson : pair.Spearman; // lower: Pearson, upper: Spearman (the poster's layout)
                    value = test.Coefficient;
                    label = TextFormat.Marked(test.Coefficient, test.PValue);
                }
                var cell = plot.Add.Rectangle(x - 0.5, x + 0.5, y - 0.5, y + 0.5);
                cell.FillColor = double.IsFinite(value) ? Colormap.GetColor((value + 1) / 2) : Color.FromHex("#f0f0f0");
                cell.LineColor = Colors.White;
                cell.LineWidth = 2;
                var text = plot.Add.Text(label, x, y);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = n <= 5 ? 16 : n <= 9 ? 13 : 10;
                text.LabelBold = true;
                text.LabelFontColor = double.IsFinite(value) && Math.Abs(value) > 0.7 ? Colors.White : Color.FromHex("#1f2328");
                text.LabelFontName = FigureStyle.FontName;
            }

        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k < n; k++)
        {
            bottom.AddMajor(k, models[k]);
            left.AddMajor(n - 1 - k, models[k]);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        if (n > 5)
        {
            // Long model names side by side would overlap: slant them and give the axis the room they need.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 30 + 4.8f * models.Max(m => m.Length); // ≈ label width · sin 40° + axis title
        }
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel("model (column)");
        plot.YLabel("model (row)");
        plot.Title($"{dataset}: per-class ID at {selection}", 14);

        plot.Add.ColorBar(new FixedColorAxis(Colormap, -1, 1), Edge.Right);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "lower triangle: Pearson r" });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "upper triangle: Spearman ρ" });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "* p<0.05  ** p<0.01  *** p<0.001 (two-sided)" });
        plot.Legend.SymbolWidth = 0;
        plot.Legend.SymbolPadding = 0;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Vertical;

        int size = Math.Clamp(140 + 100 * n, 420, 900);
        return new Figure("fig-correlation", number,
            $"Correlation of the per-class IDs between models ({dataset}, {selection}, n = {panel.Pairs.FirstOrDefault()?.N ?? 0} classes): " +
            "Pearson r below the diagonal, Spearman ρ above it, as in the poster's tables; two-sided p-values from Student's t with n − 2 degrees " +
            "of freedom (as scipy.stats).",
            [FigureStyle.Render(plot, "fig-correlation", "correlation-heatmap.svg", $"Correlation heat map of per-class IDs at {selection}",
                size + 110, size + (n > 5 ? 130 : 60))]);
    }

    /// <summary>A colour axis over a fixed range, for the colour bar (the cells are rectangles, not a ScottPlot heatmap).</summary>
    private sealed class FixedColorAxis(IColormap colormap, double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; } = colormap;

        public ScottPlot.Range GetRange() => new(min, max);
    }
}
