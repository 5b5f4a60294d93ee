using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Cli.Planning;

/// <summary>One architecture size's measured forward throughput (Planning/embed-throughput.json).</summary>
internal sealed record SizeThroughput(
    [property: JsonPropertyName("images_per_second")] double ImagesPerSecond,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("peak_rss_mib")] int PeakRssMib,
    [property: JsonPropertyName("load_average")] double LoadAverage,
    [property: JsonPropertyName("gflop_per_image")] double GflopPerImage);

/// <summary>
/// The images/s of the forward per architecture size (base, large, huge) measured on this machine with
/// <c>idim bench forward --size</c> and recorded in docs/benchmarks.md; <c>idim plan</c> projects Embed's time from them.
/// </summary>
internal sealed record MeasuredThroughput(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("measured")] string Measured,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("sizes")] IReadOnlyDictionary<string, SizeThroughput> Sizes)
{
    /// <summary>The embedded data file.</summary>
    public static MeasuredThroughput Load()
    {
        using Stream stream = typeof(MeasuredThroughput).Assembly.GetManifestResourceStream("Planning/embed-throughput.json")
            ?? throw new InvalidOperationException("The embedded Planning/embed-throughput.json is missing from idim.");
        return JsonSerializer.Deserialize<MeasuredThroughput>(stream)
            ?? throw new InvalidDataException("Planning/embed-throughput.json is empty.");
    }
}
