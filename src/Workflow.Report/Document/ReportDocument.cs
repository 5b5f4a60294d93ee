namespace Workflow.Report.Document;

/// <summary>
/// The report as a document, independent of its output format: the Markdown and HTML renderers write the same
/// sections, tables and figures, so the two files never disagree.
/// </summary>
public sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<Section> Sections);

/// <summary>A titled section (an <c>h2</c>); <paramref name="Id"/> is its anchor.</summary>
public sealed record Section(string Id, string Heading, IReadOnlyList<Block> Blocks);

/// <summary>A part of a section.</summary>
public abstract record Block;

/// <summary>A paragraph of plain text (escaped by each renderer).</summary>
public sealed record Paragraph(string Text) : Block;

/// <summary>A sub-heading (an <c>h3</c>).</summary>
public sealed record SubHeading(string Text) : Block;

/// <summary>
/// A figure: one or more SVG panels (ScottPlot output, see <see cref="Figures.SvgMarkup"/>) and a caption.
/// Markdown links each panel as <c>&lt;file&gt;.svg</c> beside report.md; HTML inlines it.
/// </summary>
public sealed record Figure(string Id, int Number, string Caption, IReadOnlyList<SvgPanel> Panels) : Block;

/// <summary>One SVG image of a figure; <paramref name="FileName"/> is its file beside report.md.</summary>
public sealed record SvgPanel(string FileName, string AltText, string Svg, int Width, int Height);

/// <summary>Column alignment in a table.</summary>
public enum Align
{
    /// <summary>Text.</summary>
    Left,
    /// <summary>Numbers.</summary>
    Right,
    /// <summary>Short symbols.</summary>
    Center,
}

/// <summary>
/// A table of plain-text cells. <paramref name="Shading"/> optionally gives each cell a value in [−1, 1] that the
/// HTML renderer shows as a background colour (the correlation tables); Markdown ignores it.
/// </summary>
public sealed record Table(
    int Number,
    string Caption,
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<Align> Alignment,
    IReadOnlyList<IReadOnlyList<double?>>? Shading = null) : Block
{
    /// <summary>Columns holding hashes or identifiers, shown in a monospace font by the HTML renderer.</summary>
    public IReadOnlyList<int> CodeColumns { get; init; } = [];
}
