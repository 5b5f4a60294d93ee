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
}
