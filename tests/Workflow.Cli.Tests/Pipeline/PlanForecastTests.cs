using Workflow.Cli.Planning;
using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary><c>idim plan --experiment cifar10</c> before a first run: what will be downloaded and how long Embed takes here.</summary>
[Collection("Console")]
public sealed class PlanForecastTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("idim-plan-forecast-").FullName;
    private readonly Dictionary<string, string?> saved = new();

    public PlanForecastTests()
    {
        foreach (var (name, value) in new[] { ("HF_HUB_CACHE", Path.Combine(folder, "hub")), ("IDIM_DATA", Path.Combine(folder, "data")), ("HF_HUB_OFFLINE", "1") })
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Should_ListTheNineWeightFilesAndTheArchive_When_NothingIsCached()
    {
        var context = StageContext.Create(new StageSettings("cifar10", Force: false, Verify: false, Wait: true, Device: null, Artifacts: Path.Combine(folder, "artifacts")));

        var downloads = PlanForecast.Downloads(context);

        // The Hub's tree pages (poster-configs files.txt): six pytorch_model.bin, three model.safetensors; the archive's published size.
        long[] weights = downloads.Where(d => d.File is "pytorch_model.bin" or "model.safetensors").Select(d => d.Bytes!.Value).Order().ToArray();
        Assert.Equal(new long[] { 343_000_000, 343_000_000, 346_000_000, 346_883_051, 350_000_000, 350_000_000, 1_220_000_000, 1_230_000_000, 2_530_000_000 }, weights);
        Assert.Equal(6, downloads.Count(d => d.File == "pytorch_model.bin"));
        Assert.Equal(170_052_171, downloads.Single(d => d.File == "cifar-10-binary.tar.gz").Bytes);
        Assert.Equal(69_665, downloads.Single(d => d.What.StartsWith("google/vit-base", StringComparison.Ordinal) && d.File == "config.json").Bytes);
    }

    [Fact]
    public void Should_ProjectEmbedFromTheMeasuredRates_When_TheExperimentIsCifar10()
    {
        var context = StageContext.Create(new StageSettings("cifar10", Force: false, Verify: false, Wait: true, Device: null, Artifacts: Path.Combine(folder, "artifacts")));
        MeasuredThroughput measured = MeasuredThroughput.Load();

        var forecast = PlanForecast.Embed(context, measured);

        // 500 per class × 10 classes; six base models, two large, one huge (README architecture table).
        Assert.All(forecast, f => Assert.Equal(5000, f.Images));
        Assert.Equal(["base", "base", "base", "large", "huge", "base", "base", "large", "base"], forecast.Select(f => f.Size));
        double expected = 5000 * (6 / measured.Sizes["base"].ImagesPerSecond + 2 / measured.Sizes["large"].ImagesPerSecond + 1 / measured.Sizes["huge"].ImagesPerSecond);
        Assert.Equal(expected, forecast.Sum(f => f.Seconds!.Value), 6);
    }
}
