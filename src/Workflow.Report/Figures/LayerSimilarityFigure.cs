using ScottPlot;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// A layer × layer similarity heat map of two models (linear CKA or mutual k-NN on the same images, all classes
/// pooled), on a sequential map over [0, 1]; the best-matching layer of B for each layer of A is outlined.
/// </summary>
public static class LayerSimilarityFigure
{
    private static readonly IColormap Colormap = new ScottPlot.Colormaps.Viridis();

    /// <summary>The heat map of <paramref name="values"/> ([layer of A][layer of B]).</summary>
    public static Figure Create(SimilarityPair pair, double[][] values, int[] best, string measure, int number)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(values);
        int rows = pair.LayersA.Length, columns = pair.LayersB.Length;
        var plot = FigureStyle.NewPlot();
        for (int l = 0; l < rows; l++)
            for (int m = 0; m < columns; m++)
            {
                double v = values[l][m];
                var cell = plot.Add.Rectangle(m - 0.5, m + 0.5, l - 0.5, l + 0.5);
                cell.FillColor = double.IsFinite(v) ? Colormap.GetColor(Math.Clamp(v, 0, 1)) : Color.FromHex("#f0f0f0");
                cell.LineColor = best[l] == m ? Colors.Red : Colors.White;
                cell.LineWidth = best[l] == m ? 3 : 1;
                if (rows * columns <= 64)
                {
                    var text = plot.Add.Text(v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), m, l);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 11;
                    text.LabelFontColor = v > 0.6 ? Color.FromHex("#1f2328") : Colors.White;
                    text.LabelFontName = FigureStyle.FontName;
                }
            }
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int m = 0; m < columns; m++) bottom.AddMajor(m, pair.LayersB[m].ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int l = 0; l < rows; l++) left.AddMajor(l, pair.LayersA[l].ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel($"layer of {pair.ModelB}");
        plot.YLabel($"layer of {pair.ModelA}");
        plot.Add.ColorBar(new FixedColorAxis(Colormap), Edge.Right);
        string id = $"fig-{GrideScaleFigure.Slug(measure)}-{GrideScaleFigure.Slug(pair.ModelA)}-{GrideScaleFigure.Slug(pair.ModelB)}";
        int size = Math.Clamp(160 + 40 * Math.Max(rows, columns), 360, 820);
        return new Figure(id, number,
            $"{measure} between every layer of {pair.ModelA} (rows) and of {pair.ModelB} (columns) on the same images, all classes pooled; " +
            $"the outlined cell of each row is the layer of {pair.ModelB} that matches it best.",
            [FigureStyle.Render(plot, id, id[4..] + ".svg", $"{measure} layer by layer, {pair.ModelA} against {pair.ModelB}", size + 90, size)]);
    }

    private sealed class FixedColorAxis(IColormap colormap) : IHasColorAxis
    {
        public IColormap Colormap { get; } = colormap;

        public ScottPlot.Range GetRange() => new(0, 1);
    }
}
