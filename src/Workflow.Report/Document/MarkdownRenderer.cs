using System.Text;

namespace Workflow.Report.Document;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as GitHub-flavoured Markdown: pipe tables, figures as links to the SVG
/// files beside report.md. The text holds no SVG, so it is stable across machines (font measurement only
/// changes the SVG files) and is what the snapshot tests compare.
/// </summary>
public static class MarkdownRenderer
{
    /// <summary>The Markdown text ("\n" line ends).</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(document.Title)).Append("\n\n");
        md.Append(Escape(document.Subtitle)).Append("\n\n");
        md.Append("Contents: ").AppendJoin(" · ", document.Sections.Select(s => $"[{Escape(s.Heading)}](#{s.Id})")).Append("\n\n");

        foreach (var section in document.Sections)
        {
            md.Append("<a id=\"").Append(section.Id).Append("\"></a>\n\n");
            md.Append("## ").Append(Escape(section.Heading)).Append("\n\n");
            foreach (var block in section.Blocks) Append(md, block);
        }
        return md.ToString();
    }

    private static void Append(StringBuilder md, Block block)
    {
        switch (block)
        {
            case Paragraph p:
                md.Append(Escape(p.Text)).Append("\n\n");
                break;
            case SubHeading h:
                md.Append("### ").Append(Escape(h.Text)).Append("\n\n");
                break;
            case Figure f:
                foreach (var panel in f.Panels)
                    md.Append("![").Append(Escape(panel.AltText)).Append("](").Append(panel.FileName).Append(")\n");
                md.Append('\n').Append("*Figure ").Append(f.Number).Append(". ").Append(Escape(f.Caption)).Append("*\n\n");
                break;
            case Table t:
                md.Append("*Table ").Append(t.Number).Append(". ").Append(Escape(t.Caption)).Append("*\n\n");
                md.Append("| ").AppendJoin(" | ", t.Header.Select(Cell)).Append(" |\n");
                md.Append('|').AppendJoin('|', t.Alignment.Select(a => a switch
                {
                    Align.Right => "---:",
                    Align.Center => ":---:",
                    _ => "---",
                })).Append("|\n");
                foreach (var row in t.Rows)
                    md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
                md.Append('\n');
                break;
            default:
                throw new NotSupportedException($"No Markdown for block {block.GetType().Name}.");
        }
    }

    // In a table cell only the pipe and the line break matter; elsewhere also the emphasis marks.
    private static string Cell(string text) =>
        text.Replace("|", "\\|").Replace("\n", " ").Replace("*", "\\*").Replace("_", "\\_");

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("*", "\\*").Replace("_", "\\_").Replace("<", "&lt;").Replace("|", "\\|");
}
