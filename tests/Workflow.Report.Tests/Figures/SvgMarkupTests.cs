using Workflow.Report.Figures;

namespace Workflow.Report.Tests.Figures;

public class SvgMarkupTests
{
    private const string Svg = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">
          <clipPath id="cl_17"><rect/></clipPath>
          <g clip-path="url(#cl_17)"><use xlink:href="#cl_17"/><text font-family="DejaVu Sans">x &lt; y</text></g>
        </svg>
        """;

    [Fact]
    public void Should_RenumberIdsAndReferences_When_Inlined()
    {
        string svg = SvgMarkup.Inline(Svg, "fig-a", "A & B", 600, 400);

        Assert.StartsWith("<svg viewBox=\"0 0 600 400\" role=\"img\" aria-labelledby=\"fig-a-title\" xmlns=", svg);
        Assert.Contains("<title id=\"fig-a-title\">A &amp; B</title>", svg);
        Assert.Contains("id=\"fig-a-1\"", svg);
        Assert.Contains("url(#fig-a-1)", svg);
        Assert.Contains("xlink:href=\"#fig-a-1\"", svg);
        Assert.DoesNotContain("cl_17", svg);
        Assert.Contains($"font-family=\"DejaVu Sans, {FigureStyle.FontFallbacks}\"", svg);
    }

    [Fact]
    public void Should_GiveTheSameText_When_SkiaCountersDiffer() =>
        Assert.Equal(SvgMarkup.Inline(Svg, "f", "t", 1, 1), SvgMarkup.Inline(Svg.Replace("cl_17", "cl_3"), "f", "t", 1, 1));

    [Fact]
    public void Should_DrawDashes_When_ALineIsMarkedDashed()
    {
        // Through ScottPlot and Skia for real: a solid line and one in FigureStyle.Dashed's colour.
        var plot = new ScottPlot.Plot();
        plot.Add.Line(0, 0, 1, 1).LineColor = ScottPlot.Colors.Black;
        plot.Add.Line(0, 1, 1, 0).LineColor = FigureStyle.Dashed(ScottPlot.Colors.Black);

        string svg = SvgMarkup.Inline(plot.GetSvgXml(300, 200), "f", "t", 300, 200);

        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(svg, "stroke-dasharray=\"6 4\""));
        Assert.DoesNotContain("stroke-opacity=\"0.992", svg);
    }
}
