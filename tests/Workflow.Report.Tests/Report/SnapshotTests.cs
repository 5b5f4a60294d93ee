using Snapshooter;
using Snapshooter.Xunit;
using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Tests.Report;

/// <summary>
/// Snapshots of the two text outputs that must not drift: report.md and correlation.json of the synthetic run.
/// Both hold no SVG (figures are separate files), a fixed date and invariant numbers, so they are the same on every
/// machine. To accept an intended change, delete the .snap file and rerun (or see __snapshots__/__mismatch__/).
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Should_MatchSnapshot_When_RenderingReportMarkdown()
    {
        string markdown = MarkdownRenderer.Render(ReportBuilder.Build(SyntheticRun.Inputs(), new ReportOptions(SyntheticRun.Date)));
        Snapshot.Match(markdown, new SnapshotFullName("report.md.snap", SyntheticRun.SnapshotFolder));
    }

    [Fact]
    public void Should_MatchSnapshot_When_WritingCorrelationJson()
    {
        string json = CorrelationJson.ToJson(SyntheticRun.Correlate());
        Snapshot.Match(json, new SnapshotFullName("correlation.json.snap", SyntheticRun.SnapshotFolder));
    }

    [Fact]
    public void Should_BeIdentical_When_RenderedTwice()
    {
        var inputs = SyntheticRun.Inputs();
        var options = new ReportOptions(SyntheticRun.Date);
        Assert.Equal(MarkdownRenderer.Render(ReportBuilder.Build(inputs, options)), MarkdownRenderer.Render(ReportBuilder.Build(inputs, options)));
        Assert.Equal(HtmlRenderer.Render(ReportBuilder.Build(inputs, options)), HtmlRenderer.Render(ReportBuilder.Build(inputs, options)));
    }
}
