using System.Text.Json;

namespace Workflow.Core.Correlate;

/// <summary>
/// <c>latent_dims.json</c> of a calibration dataset: one object mapping each class name to its true intrinsic
/// dimension d_k, e.g. <c>{"d02": 2, "d04": 4}</c>.
/// </summary>
public static class LatentDimensions
{
    /// <summary>The file name the calibration dataset writes.</summary>
    public const string FileName = "latent_dims.json";

    /// <summary>Reads class name → d_k from <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, double> ReadFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected one JSON object mapping class name to its true dimension, e.g. {{\"d02\": 2}}.");
        var dims = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number)
                throw new FormatException($"{path}: class '{property.Name}' maps to {property.Value.ValueKind}, expected a number (its true dimension d_k).");
            dims[property.Name] = property.Value.GetDouble();
        }
        return dims;
    }
}
