using Workflow.Report.Document;

namespace Workflow.Report.Tests.Document;

public class MarkdownRendererTests
{
    [Fact]
    public void Should_WritePipeTablesAndFigureLinks_When_Rendered()
    {
        var document = new ReportDocument("T", "S",
        [
            new Section("s", "H",
            [
                new Figure("f", 1, "cap", [new SvgPanel("a.svg", "alt", "<svg/>", 1, 1)]),
                new Table(2, "tab", ["a|b", "n"], [["x_y", "1.00*"]], [Align.Left, Align.Right]),
            ]),
        ]);
        string md = MarkdownRenderer.Render(document);
        Assert.Contains("![alt](a.svg)\n\n*Figure 1. cap*", md);
        Assert.Contains("| a\\|b | n |\n|---|---:|\n| x\\_y | 1.00\\* |", md);
        Assert.DoesNotContain("<svg", md);
    }
}
