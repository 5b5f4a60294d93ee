using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Workflow.Report.Figures;

/// <summary>
/// Makes ScottPlot's SVG fit for inlining several figures into one HTML page: drops the XML declaration, gives
/// every <c>id</c> (ScottPlot's clip paths are <c>cl_1</c>, <c>cl_2</c>, … in every figure) a per-figure prefix
/// so the figures do not clip each other, adds a <c>viewBox</c> so CSS can scale it, a <c>&lt;title&gt;</c> for
/// screen readers, generic font fallbacks after the measured font, and dashes for strokes marked dashed
/// (<see cref="FigureStyle.Dashed"/>: Skia's SVG canvas cannot write them itself).
/// </summary>
public static partial class SvgMarkup
{
    /// <summary>Returns the cleaned SVG element.</summary>
    public static string Inline(string svg, string idPrefix, string title, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        string s = XmlDeclaration().Replace(svg, "").Trim();
        // Skia numbers clip paths with a process-wide counter: renumber them per figure so the output is the same every run.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in IdAttribute().Matches(s))
            ids.TryAdd(m.Groups[1].Value, $"{idPrefix}-{(ids.Count + 1).ToString(CultureInfo.InvariantCulture)}");
        string Renamed(string id) => ids.TryGetValue(id, out string? renamed) ? renamed : id;
        s = IdAttribute().Replace(s, m => $"id=\"{Renamed(m.Groups[1].Value)}\"");
        s = UrlReference().Replace(s, m => $"url(#{Renamed(m.Groups[1].Value)})");
        s = HrefReference().Replace(s, m => $"{m.Groups[1].Value}=\"#{Renamed(m.Groups[2].Value)}\"");
        s = FontFamily().Replace(s, m => $"font-family=\"{m.Groups[1].Value}, {FigureStyle.FontFallbacks}\"");
        s = DashedStroke().Replace(s, "stroke-dasharray=\"6 4\"");

        string w = width.ToString(CultureInfo.InvariantCulture), h = height.ToString(CultureInfo.InvariantCulture);
        s = SvgStart().Replace(s, m =>
            $"{m.Value} viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{idPrefix}-title\"", 1);
        int open = s.IndexOf('>', StringComparison.Ordinal);
        return s[..(open + 1)] + $"\n<title id=\"{idPrefix}-title\">{WebUtility.HtmlEncode(title)}</title>" + s[(open + 1)..];
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("\\b((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();

    [GeneratedRegex("font-family=\"([^\",]+)\"")]
    private static partial Regex FontFamily();

    /// <summary>The stroke opacity Skia writes for <see cref="FigureStyle.DashedAlpha"/> (253 / 255 = 0.992157).</summary>
    [GeneratedRegex("stroke-opacity=\"0\\.99215[67]\\d*\"")]
    private static partial Regex DashedStroke();

    [GeneratedRegex("^<svg\\b")]
    private static partial Regex SvgStart();
}
