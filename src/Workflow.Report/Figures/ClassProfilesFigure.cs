using ScottPlot;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Figures;

/// <summary>
/// Per-class ID against relative depth, one panel per model, one colour per class (the same in every panel),
/// the same y range in every panel so the models compare at a glance, and one shared legend.
/// </summary>
public static class ClassProfilesFigure
{
    /// <summary>At most this many classes get a legend entry each (CIFAR-100's hundred would not fit).</summary>
    public const int MaxLegendClasses = 20;

    /// <summary>Builds the figure.</summary>
    public static Figure Create(ClassIdTable ids, int number, string estimator)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int classes = ids.Classes.Count;
        var all = ids.Models.SelectMany(m => Enumerable.Range(0, ids.LastLayer(m) + 1).SelectMany(l => ids.Ids(m, l)))
            .Where(double.IsFinite).ToArray();
        double yMin = all.Length == 0 ? 0 : all.Min(), yMax = all.Length == 0 ? 1 : all.Max();
        double pad = Math.Max(0.05 * (yMax - yMin), 0.1);

        var panels = new List<SvgPanel>();
        for (int m = 0; m < ids.Models.Count; m++)
        {
            string model = ids.Models[m];
            int last = ids.LastLayer(model);
            double[] depth = Enumerable.Range(0, last + 1).Select(l => last == 0 ? 0 : (double)l / last).ToArray();
            var plot = FigureStyle.NewPlot();
            for (int c = 0; c < classes; c++)
            {
                double[] id = Enumerable.Range(0, last + 1).Select(l => ids.Ids(model, l)[c]).ToArray();
                var line = plot.Add.Scatter(depth, id, FigureStyle.ClassColor(c, classes));
                line.LineWidth = classes <= MaxLegendClasses ? 1.6f : 0.8f;
                line.MarkerSize = classes <= MaxLegendClasses ? 4 : 0;
            }
            plot.Title(model, 14);
            plot.XLabel("relative depth");
            plot.YLabel("intrinsic dimension");
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.25);
            plot.Axes.SetLimits(-0.03, 1.03, yMin - pad, yMax + pad);
            panels.Add(FigureStyle.Render(plot, $"fig-class-{m}", $"class-profiles-{Slug(model)}.svg",
                $"Per-class intrinsic dimension against relative depth for {model}", FigureStyle.PanelWidth, FigureStyle.PanelHeight));
        }
        panels.Add(Legend(ids));

        string colours = classes <= MaxLegendClasses ? "one colour per class (legend)" : "classes coloured by label on the Turbo colour map";
        return new Figure("fig-class-profiles", number,
            $"Per-class intrinsic dimension (TwoNN {estimator}) against relative depth, one panel per model, {colours}; " +
            "the same y range in every panel.",
            panels);
    }

    private static SvgPanel Legend(ClassIdTable ids)
    {
        int classes = ids.Classes.Count;
        var plot = FigureStyle.NewPlot();
        if (classes <= MaxLegendClasses)
            for (int c = 0; c < classes; c++)
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{ids.Classes[c].Name} ({ids.Classes[c].Label})",
                    LineColor = FigureStyle.ClassColor(c, classes),
                    LineWidth = 2.5f,
                    MarkerShape = MarkerShape.FilledCircle,
                    MarkerFillColor = FigureStyle.ClassColor(c, classes),
                    MarkerLineColor = FigureStyle.ClassColor(c, classes),
                    MarkerSize = 6,
                });
        else
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"one line per class ({classes} classes)", LineColor = Colors.Gray, LineWidth = 2 });
        plot.Legend.Orientation = Orientation.Horizontal;
        string svg = plot.Legend.GetSvgXml();
        var size = SvgSize(svg);
        return new SvgPanel("class-legend.svg", "Class colours",
            SvgMarkup.Inline(svg, "fig-class-legend", "Class colours", size.Width, size.Height), size.Width, size.Height);
    }

    private static (int Width, int Height) SvgSize(string svg)
    {
        var match = System.Text.RegularExpressions.Regex.Match(svg, "width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
        return match.Success
            ? ((int)Math.Ceiling(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
               (int)Math.Ceiling(double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            : (160, 300);
    }

    /// <summary>A file-name-safe form of a model name.</summary>
    public static string Slug(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? char.ToLowerInvariant(ch) : '-').ToArray());
}
