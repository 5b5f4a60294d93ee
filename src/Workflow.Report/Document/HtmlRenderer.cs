using System.Globalization;
using System.Net;
using System.Text;

namespace Workflow.Report.Document;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as one self-contained HTML file: inline CSS, figures as inline SVG, no
/// script, no external fonts or links. A Content-Security-Policy forbids every fetch, so the browser test can
/// rely on "no network requests" and the file reads the same offline and without JavaScript.
/// </summary>
public static class HtmlRenderer
{
    /// <summary>The HTML text.</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(document.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(E(document.Title)).Append("</h1>\n<p class=\"subtitle\">").Append(E(document.Subtitle)).Append("</p>\n");
        html.Append("<nav aria-label=\"Contents\"><ol>");
        foreach (var s in document.Sections) html.Append("<li><a href=\"#").Append(s.Id).Append("\">").Append(E(s.Heading)).Append("</a></li>");
        html.Append("</ol></nav>\n</header>\n<main>\n");

        foreach (var section in document.Sections)
        {
            html.Append("<section id=\"").Append(section.Id).Append("\">\n<h2>").Append(E(section.Heading)).Append("</h2>\n");
            foreach (var block in section.Blocks) Append(html, block);
            html.Append("</section>\n");
        }
        html.Append("</main>\n<footer>").Append(E(document.Subtitle)).Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Append(StringBuilder html, Block block)
    {
        switch (block)
        {
            case Paragraph p:
                html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                break;
            case SubHeading h:
                html.Append("<h3>").Append(E(h.Text)).Append("</h3>\n");
                break;
            case Figure f:
                html.Append("<figure id=\"").Append(f.Id).Append("\" class=\"panels-").Append(f.Panels.Count).Append("\">\n<div class=\"panels\">\n");
                foreach (var panel in f.Panels) html.Append(panel.Svg).Append('\n');
                html.Append("</div>\n<figcaption><strong>Figure ").Append(f.Number).Append(".</strong> ").Append(E(f.Caption)).Append("</figcaption>\n</figure>\n");
                break;
            case Table t:
                AppendTable(html, t);
                break;
            default:
                throw new NotSupportedException($"No HTML for block {block.GetType().Name}.");
        }
    }

    private static void AppendTable(StringBuilder html, Table t)
    {
        // The caption is a paragraph above the table rather than <caption>, which would be only as wide as the table.
        string captionId = "table-" + t.Number.ToString(CultureInfo.InvariantCulture);
        html.Append("<div class=\"table\">\n<p class=\"caption\" id=\"").Append(captionId).Append("\"><strong>Table ").Append(t.Number).Append(".</strong> ")
            .Append(E(t.Caption)).Append("</p>\n<table aria-labelledby=\"").Append(captionId).Append("\">\n<thead><tr>");
        for (int c = 0; c < t.Header.Count; c++)
            html.Append("<th").Append(AlignClass(t.Alignment[c])).Append(" scope=\"col\">").Append(E(t.Header[c])).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.Rows.Count; r++)
        {
            html.Append("<tr>");
            for (int c = 0; c < t.Rows[r].Count; c++)
            {
                bool rowHeader = c == 0;
                html.Append(rowHeader ? "<th scope=\"row\"" : "<td").Append(t.CodeColumns.Contains(c) ? " class=\"hash\"" : AlignClass(t.Alignment[c]));
                if (t.Shading?[r][c] is double v && double.IsFinite(v)) html.Append(" style=\"").Append(Shade(v)).Append('"');
                html.Append('>').Append(E(t.Rows[r][c])).Append(rowHeader ? "</th>" : "</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n");
    }

    private static string AlignClass(Align align) => align switch
    {
        Align.Right => " class=\"num\"",
        Align.Center => " class=\"mid\"",
        _ => "",
    };

    // Diverging shade for a correlation in [−1, 1]: blue for negative, red for positive (as the heat map).
    private static string Shade(double value)
    {
        double a = Math.Clamp(Math.Abs(value), 0, 1) * 0.55;
        string rgb = value >= 0 ? "203,24,29" : "33,102,172";
        return $"background-color: rgba({rgb},{a.ToString("0.###", CultureInfo.InvariantCulture)})";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
