using ScottPlot;

namespace Workflow.Report.Figures;

/// <summary>
/// The figures' shared look: one sans-serif font (measured by ScottPlot, named in the SVG), model colours and
/// class colours that stay the same in every figure, and sizes.
/// </summary>
public static class FigureStyle
{
    /// <summary>Appended after the measured font in the SVG, for browsers without it.</summary>
    public const string FontFallbacks = "Liberation Sans, Arial, Helvetica, sans-serif";

    /// <summary>Width × height of a full-width figure, in SVG pixels.</summary>
    public const int WideWidth = 760, WideHeight = 420;

    /// <summary>Width × height of one panel of a multi-panel figure.</summary>
    public const int PanelWidth = 350, PanelHeight = 290;

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

    /// <summary>The first installed of DejaVu Sans, Liberation Sans, Arial, Helvetica; else ScottPlot's sans default.</summary>
    public static string FontName { get; } = PreferredFonts.FirstOrDefault(SkiaSharp.SKFontManager.Default.FontFamilies.Contains) ?? Fonts.Sans;

    // Colour-blind friendly (Okabe & Ito, ScottPlot's ColorblindFriendly) for up to 7 models, skipping its black,
    // which is pixel space's colour; matplotlib's tab10 for more (the poster's nine models).
    private static readonly IPalette OkabeIto = new ScottPlot.Palettes.ColorblindFriendly();
    private static readonly IPalette Tab10 = new ScottPlot.Palettes.Category10();

    // Matplotlib's tab10 / tab20 for classes, as in most ID papers' per-class plots.
    private static readonly IPalette ClassPalette10 = new ScottPlot.Palettes.Category10();
    private static readonly IPalette ClassPalette20 = new ScottPlot.Palettes.Category20();

    /// <summary>The colour of the <paramref name="index"/>-th of <paramref name="modelCount"/> models (experiment order).</summary>
    public static Color ModelColor(int index, int modelCount) =>
        modelCount <= 7 ? OkabeIto.GetColor(index + 1) : Tab10.GetColor(index);

    /// <summary>The colour of the class at <paramref name="index"/> among <paramref name="classCount"/> classes.</summary>
    public static Color ClassColor(int index, int classCount) =>
        classCount <= 10 ? ClassPalette10.GetColor(index)
        : classCount <= 20 ? ClassPalette20.GetColor(index)
        : new ScottPlot.Colormaps.Turbo().GetColor(classCount == 1 ? 0 : (double)index / (classCount - 1));

    /// <summary>Pixel space (the calibration's reference) is drawn in near-black.</summary>
    public static Color PixelsColor { get; } = Color.FromHex("#333333");

    /// <summary>
    /// A dashed line's colour. Skia's SVG canvas drops path effects, so ScottPlot's <c>LinePattern.Dashed</c> came out solid
    /// in the report (libSkiaSharp printed "Unsupported path effect in addPaint" for each): a dashed line is drawn solid in
    /// its colour at alpha <see cref="DashedAlpha"/> instead — no visible tint — and <see cref="SvgMarkup"/> turns exactly
    /// that stroke opacity into a <c>stroke-dasharray</c>.
    /// </summary>
    public static Color Dashed(Color color) => color.WithAlpha(DashedAlpha);

    /// <summary>The alpha that marks a dashed stroke (253 of 255; nothing else in the figures uses it).</summary>
    internal const byte DashedAlpha = 253;

    /// <summary>A new plot with the report's font, white background and light grid.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.08);
        plot.Axes.Color(Color.FromHex("#3a3a3a"));
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineColor = Color.FromHex("#d1d9e0");
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }

    /// <summary>A relative-depth x axis: [0, 1] with a little margin, ticks every 0.1.</summary>
    public static void DepthAxis(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.Axes.SetLimitsX(-0.03, 1.03);
    }

    /// <summary>Renders <paramref name="plot"/> to an inline-ready SVG (see <see cref="SvgMarkup"/>).</summary>
    public static Document.SvgPanel Render(Plot plot, string id, string fileName, string alt, int width, int height) =>
        new(fileName, alt, SvgMarkup.Inline(plot.GetSvgXml(width, height), id, alt, width, height), width, height);
}
