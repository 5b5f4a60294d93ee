using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// ID against relative depth, one line per model: the mean over classes, with a band. The band is the mean of the
/// per-class bootstrap bounds (ci_low, ci_high) where twonn.csv has them, else ±1 standard deviation over classes.
/// </summary>
public static class IdDepthFigure
{
    /// <summary>True when every per-class row of every model has finite bootstrap bounds.</summary>
    public static bool HasBootstrapBands(ClassIdTable ids) =>
        ids.Models.All(m => Enumerable.Range(0, ids.LastLayer(m) + 1)
            .All(l => ids.Rows(m, l).All(r => double.IsFinite(r.CiLow) && double.IsFinite(r.CiHigh))));

    /// <summary>Builds the figure.</summary>
    public static Figure Create(ClassIdTable ids, int number, string estimator)
    {
        ArgumentNullException.ThrowIfNull(ids);
        bool bootstrap = HasBootstrapBands(ids);
        var plot = FigureStyle.NewPlot();
        for (int m = 0; m < ids.Models.Count; m++)
        {
            string model = ids.Models[m];
            int last = ids.LastLayer(model);
            double[] depth = new double[last + 1], mean = new double[last + 1], low = new double[last + 1], high = new double[last + 1];
            for (int layer = 0; layer <= last; layer++)
            {
                var rows = ids.Rows(model, layer).Where(r => double.IsFinite(r.Id)).ToArray();
                depth[layer] = last == 0 ? 0 : (double)layer / last;
                mean[layer] = rows.Length == 0 ? double.NaN : rows.Average(r => r.Id);
                if (bootstrap)
                {
                    low[layer] = rows.Average(r => r.CiLow);
                    high[layer] = rows.Average(r => r.CiHigh);
                }
                else
                {
                    double sd = StandardDeviation(rows.Select(r => r.Id).ToArray());
                    low[layer] = mean[layer] - sd;
                    high[layer] = mean[layer] + sd;
                }
            }
            var color = FigureStyle.ModelColor(m, ids.Models.Count);
            var band = plot.Add.FillY(depth, low, high);
            band.FillColor = color.WithAlpha(0.18);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(depth, mean, color);
            line.LineWidth = 2.2f;
            line.MarkerSize = 6;
            line.LegendText = $"{model} (L = {last})";
        }
        plot.XLabel("relative depth (layer / L)");
        plot.YLabel($"intrinsic dimension (TwoNN {estimator})");
        FigureStyle.DepthAxis(plot);
        plot.ShowLegend(Edge.Right);

        string bandText = bootstrap ? "the mean of the per-class bootstrap intervals" : "±1 standard deviation over classes";
        return new Figure("fig-id-depth", number,
            $"Intrinsic dimension against relative depth (layer 0 = embeddings, 1 = last block or stage), one line per model: " +
            $"the mean over the {ids.Classes.Count} classes; the band is {bandText}.",
            [FigureStyle.Render(plot, "fig-id-depth", "id-vs-depth.svg", "Mean intrinsic dimension against relative depth, per model",
                FigureStyle.WideWidth, FigureStyle.WideHeight)]);
    }

    private static double StandardDeviation(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
