using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Workflow.Report.Tests.Report;

/// <summary>
/// The report in a real browser: Debian's Chromium (installed by build/install-chromium.sh), driven by Playwright's
/// bundled Node driver (no `playwright install`, no download). Skipped, with the reason, where Chromium is absent.
/// </summary>
public partial class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // What each figure must say: an axis label and a legend entry (figure id → texts).
    private static readonly Dictionary<string, string[]> ExpectedText = new()
    {
        ["fig-id-depth"] = ["relative depth (layer / L)", "intrinsic dimension (TwoNN fit)", "vit-tiny (L = 4)", "data2vec-tiny (L = 8)"],
        ["fig-class-profiles"] = ["relative depth", "intrinsic dimension", "beit-tiny", "d08 (0)", "d04 (9)"],
        ["fig-correlation"] = ["model (column)", "model (row)", "lower triangle: Pearson r", "upper triangle: Spearman ρ"],
        ["fig-agreement"] = ["relative depth", "Spearman ρ of per-class IDs", "median Spearman ρ over model pairs"],
        ["fig-calibration"] = ["true intrinsic dimension d_k", "estimated ID (TwoNN)", "pixel space", "estimated = true"],
    };

    [SkippableFact]
    public async Task Should_ShowEveryFigureWithoutErrorsOrNetwork_When_OpenedFromDiskInChromium()
    {
        Skip.IfNot(File.Exists(ChromiumPath),
            $"Chromium is not installed at {ChromiumPath}; run build/install-chromium.sh (needs root or sudo) to enable this test.");

        // Given the synthetic report rendered into the artifacts folder
        string folder = SyntheticRun.Artifacts("test-report", "synthetic");
        ReportWriter.Write(SyntheticRun.Inputs(), folder, new ReportOptions(SyntheticRun.Date));
        string url = new Uri(Path.Combine(folder, ReportWriter.HtmlFileName)).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        // JavaScript off: the report must be readable without it (it has no script at all).
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, JavaScriptEnabled = false });
        var problems = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Request += (_, request) => requests.Add(request.Url);
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} ({request.Failure})");

        // When
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        // Then every figure is a visible, non-empty SVG with its axis and legend text
        Assert.NotNull(response);
        Assert.True(response.Ok, $"loading {url} gave status {response.Status}");
        var figures = await page.QuerySelectorAllAsync("figure");
        Assert.Equal(ExpectedText.Keys.Order(), (await Task.WhenAll(figures.Select(f => f.GetAttributeAsync("id")))).Select(id => id ?? "").Order());
        foreach (var figure in figures)
        {
            string id = (await figure.GetAttributeAsync("id"))!;
            var svgs = await figure.QuerySelectorAllAsync("svg");
            Assert.NotEmpty(svgs);
            var texts = new List<string>();
            foreach (var svg in svgs)
            {
                var box = await svg.BoundingBoxAsync();
                Assert.True(box is { Width: > 40, Height: > 15 }, $"{id}: an SVG is not visible (box {box?.Width}×{box?.Height})");
                Assert.True((await svg.QuerySelectorAllAsync("path, rect")).Count > 0, $"{id}: an SVG draws nothing");
                texts.Add(Normalize(await svg.TextContentAsync() ?? ""));
            }
            await figure.ScreenshotAsync(new ElementHandleScreenshotOptions { Path = SyntheticRun.Artifacts("test-screenshots", id + ".png") });
            string all = string.Join(" | ", texts);
            foreach (string expected in ExpectedText[id])
                Assert.True(all.Contains(expected, StringComparison.Ordinal), $"{id}: expected the text '{expected}' in its SVG; found: {all}");
        }
        Assert.True(await page.Locator("table").CountAsync() >= 6, "the report's tables are missing");

        // and nothing but the file itself was requested, with no console errors
        Assert.Equal([url], requests);
        Assert.Empty(problems);

        string screenshot = SyntheticRun.Artifacts("test-screenshots", "report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
