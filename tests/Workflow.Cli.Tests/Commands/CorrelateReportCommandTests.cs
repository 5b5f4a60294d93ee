using System.Globalization;
using System.Text;
using Workflow.Cli;

namespace Workflow.Cli.Tests.Commands;

/// <summary><c>idim correlate</c> then <c>idim report</c> in-process on a small twonn.csv written by the test.</summary>
public sealed class CorrelateReportCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "idim-cli-report-" + Guid.NewGuid().ToString("N"));

    public CorrelateReportCommandTests()
    {
        Directory.CreateDirectory(_folder);
        // Given three models (2, 2 and 4 blocks) and five classes whose IDs follow d = 2, 4, 6, 8, 10
        var csv = new StringBuilder("model,layer,depth,class,class_name,estimator,id,n,n_used,duplicates,ci_low,ci_high,r2\n");
        foreach (var (model, last, scale) in new[] { ("a", 2, 1.0), ("b", 2, 1.3), ("c", 4, 0.8) })
            for (int layer = 0; layer <= last; layer++)
                for (int k = 0; k < 5; k++)
                {
                    double id = (2 + 2 * k) * scale + (layer == last && k == 1 ? 3 : 0); // one swap at the last layer
                    csv.Append(CultureInfo.InvariantCulture, $"{model},{layer},{(double)layer / last},{k},d{2 + 2 * k},fit,{id},100,100,0,,,\n");
                }
        File.WriteAllText(Path.Combine(_folder, "twonn.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(_folder, "latent_dims.json"), """{"d2": 2, "d4": 4, "d6": 6, "d8": 8, "d10": 10}""");
    }

    [Fact]
    public void Should_WriteCorrelationAndReport_When_RunInSequence()
    {
        int correlate = CliApp.Run(["correlate", "--twonn", Path.Combine(_folder, "twonn.csv"), "--output", _folder, "--summary", "0.5"]);
        Assert.Equal(0, correlate);
        string json = File.ReadAllText(Path.Combine(_folder, "correlation.json"));
        Assert.Contains("\"summary\": \"0.5\"", json);
        Assert.Contains("\"calibration\": {", json); // latent_dims.json beside twonn.csv was found
        Assert.StartsWith("selection,depth,model_a", File.ReadAllText(Path.Combine(_folder, "correlation.csv")));

        int report = CliApp.Run(["report", "--input", _folder, "--date", "2025-01-31T12:00:00Z"]);
        Assert.Equal(0, report);
        string markdown = File.ReadAllText(Path.Combine(_folder, "report", "report.md"));
        Assert.Contains("generated 2025-01-31 12:00 UTC", markdown);
        Assert.Contains("run.json not found beside twonn.csv", markdown);
        Assert.True(File.Exists(Path.Combine(_folder, "report", "index.html")));
        Assert.True(File.Exists(Path.Combine(_folder, "report", "correlation-heatmap.svg")));
    }

    [Fact]
    public void Should_FailWithAMessage_When_SummaryIsInvalid()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            int code = CliApp.Run(["correlate", "--twonn", Path.Combine(_folder, "twonn.csv"), "--output", _folder, "--summary", "first"]);
            Assert.Equal(1, code);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("last, max, mean", error.ToString());
    }

    [Fact]
    public void Should_SayWhatToRun_When_CorrelationJsonIsMissing()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, CliApp.Run(["report", "--input", _folder]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("idim correlate", error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
