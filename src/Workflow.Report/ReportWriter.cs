using System.Text;
using Workflow.Report.Document;

namespace Workflow.Report;

/// <summary>
/// Writes the report folder: <c>index.html</c> (one self-contained file), <c>report.md</c> and the figures as SVG
/// files beside it. Files are written to a temporary name and moved into place, so a reader never sees half a file.
/// </summary>
public static class ReportWriter
{
    /// <summary>The HTML file name.</summary>
    public const string HtmlFileName = "index.html";

    /// <summary>The Markdown file name.</summary>
    public const string MarkdownFileName = "report.md";


    /// <summary>Renders from <paramref name="inputFolder"/> (twonn.csv, correlation.json, run.json) into <paramref name="outputFolder"/>.</summary>
    public static ReportDocument Write(string inputFolder, string outputFolder, ReportOptions options) =>
        Write(ReportInputs.Load(inputFolder), outputFolder, options, ExtraAnalyses.Load(inputFolder));

    /// <summary>Renders <paramref name="inputs"/> into <paramref name="outputFolder"/>; returns the document.</summary>
    public static ReportDocument Write(ReportInputs inputs, string outputFolder, ReportOptions options, ExtraAnalyses? extras = null)
    {
        var document = ReportBuilder.Build(inputs, options, extras);
        Directory.CreateDirectory(outputFolder);
        foreach (var panel in document.Sections.SelectMany(s => s.Blocks).OfType<Figure>().SelectMany(f => f.Panels))
            WriteAtomically(Path.Combine(outputFolder, panel.FileName), panel.Svg + "\n");
        WriteAtomically(Path.Combine(outputFolder, MarkdownFileName), MarkdownRenderer.Render(document));
        WriteAtomically(Path.Combine(outputFolder, HtmlFileName), HtmlRenderer.Render(document));
        return document;
    }

    private static void WriteAtomically(string path, string text) => Workflow.Core.Cache.AtomicFile.WriteAllText(path, text);
}
