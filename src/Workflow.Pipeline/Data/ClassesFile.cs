using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Pipeline;

/// <summary><c>data/classes.json</c>: the dataset's class names by label, and the true latent dimension per class where known (calibration).</summary>
internal sealed record ClassesFile(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("labels")] string Labels,
    [property: JsonPropertyName("names")] string[] Names,
    [property: JsonPropertyName("latent_dims")] Dictionary<string, int>? LatentDims)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static ClassesFile Read(string path) =>
        JsonSerializer.Deserialize<ClassesFile>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} is empty; rerun the Data stage (idim data --experiment … --force).");
}
