using System.Text.RegularExpressions;
using Workflow.Report.Document;

namespace Workflow.Report.Tests.Document;

/// <summary>The HTML is self-contained: no script, no external resource, figures inline, ids unique.</summary>
public partial class HtmlRendererTests
{
    private static readonly Lazy<string> Html = new(() =>
        HtmlRenderer.Render(ReportBuilder.Build(SyntheticRun.Inputs(), new ReportOptions(SyntheticRun.Date))));

    [Fact]
    public void Should_HoldNoScriptOrExternalResource_When_Rendered()
    {
        string html = Html.Value;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // The only URLs are XML namespace names, which are identifiers, never fetched.
        var urls = Url().Matches(html).Select(m => m.Value).Distinct().Order().ToArray();
        Assert.Equal(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"], urls);
        Assert.Contains("Content-Security-Policy", html);
    }

    [Fact]
    public void Should_InlineEveryFigureAsSvgWithUniqueIds_When_Rendered()
    {
        string html = Html.Value;
        Assert.Equal(5, Regex.Matches(html, "<figure ").Count);
        Assert.Equal(8, Regex.Matches(html, "<svg ").Count); // 1 + (3 panels + legend) + 1 + 1 + 1
        Assert.DoesNotContain("<?xml", html);
        var ids = IdAttribute().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Should_EscapeText_When_ItLooksLikeMarkup()
    {
        var document = new ReportDocument("<b>t</b>", "s & s", [new Section("x", "h", [new Paragraph("a < b"), new Table(1, "c", ["<h>"], [["<v>"]], [Align.Left])])]);
        string html = HtmlRenderer.Render(document);
        Assert.Contains("&lt;b&gt;t&lt;/b&gt;", html);
        Assert.Contains("a &lt; b", html);
        Assert.Contains("&lt;v&gt;", html);
        Assert.DoesNotContain("<v>", html);
    }

    [GeneratedRegex("https?://[^\"'\\s)<>]+")]
    private static partial Regex Url();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();
}
