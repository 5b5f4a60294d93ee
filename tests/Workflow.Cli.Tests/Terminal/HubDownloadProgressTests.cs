using Workflow.Pipeline;
using Workflow.Core.Net;
using Workflow.Torch.Hub;

namespace Workflow.Cli.Tests.Terminal;

public class HubDownloadProgressTests
{
    private static string Render(bool interactive)
    {
        var writer = new StringWriter();
        using (var progress = new HubDownloadProgress(writer, interactive))
        {
            foreach (long done in new long[] { 0, 100, 300, 500, 510, 520, 800, 1000 })
                progress.Report(new HubProgress("org/m", "model.safetensors", new DownloadProgress(done * 1000, 1_000_000, 2e6)));
            progress.Report(new HubProgress("org/m", "config.json", new DownloadProgress(500, 500, 1e4)));
        }
        return writer.ToString();
    }

    [Fact]
    public void Should_WritePlainLinesWithoutCarriageReturns_When_StderrIsRedirected()
    {
        string log = Render(interactive: false);

        Assert.DoesNotContain('\r', log);
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // model.safetensors: a start line and one per quarter (25, 50, 75, 100 %); config.json: start and 100 %.
        Assert.Equal(7, lines.Length);
        Assert.Equal("downloading org/m/model.safetensors (1.0 MB)", lines[0]);
        Assert.Contains("(50 %)", lines[2]);
        Assert.Contains("config.json: 0.0 MB/0.0 MB (100 %)", lines[^1]);
    }

    [Fact]
    public void Should_RedrawOneBarPerFile_When_StderrIsATerminal()
    {
        string screen = Render(interactive: true);

        Assert.Equal(9, screen.Count(c => c == '\r'));
        Assert.Equal(2, screen.Count(c => c == '\n')); // one line per file
    }
}
