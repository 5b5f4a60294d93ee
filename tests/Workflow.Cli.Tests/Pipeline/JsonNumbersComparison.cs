using System.Globalization;
using System.Text.Json;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Compares two JSON documents: the same structure, the same strings, booleans and nulls, and numbers equal within a
/// relative tolerance. Used where a file is bit-identical within a CPU vendor but not across vendors (docs/numerics.md).
/// </summary>
internal static class JsonNumbersComparison
{
    /// <summary>Every difference beyond <paramref name="relativeTolerance"/>, as "path: expected vs actual" lines (empty when equal).</summary>
    public static IReadOnlyList<string> Differences(string expectedJson, string actualJson, double relativeTolerance)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        var found = new List<string>();
        Walk(expected.RootElement, actual.RootElement, "$", relativeTolerance, found);
        return found;
    }

    private static void Walk(JsonElement expected, JsonElement actual, string path, double tolerance, List<string> found)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            found.Add($"{path}: {expected.ValueKind} vs {actual.ValueKind}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(actualNames)) found.Add($"{path}: keys [{string.Join(", ", names)}] vs [{string.Join(", ", actualNames)}]");
                foreach (string name in names.Intersect(actualNames)) Walk(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}", tolerance, found);
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength()) found.Add($"{path}: {expected.GetArrayLength()} vs {actual.GetArrayLength()} items");
                foreach (var (e, a, i) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((p, i) => (p.First, p.Second, i)))
                    Walk(e, a, $"{path}[{i}]", tolerance, found);
                break;
            case JsonValueKind.Number:
                double x = expected.GetDouble(), y = actual.GetDouble();
                if (Math.Abs(x - y) > tolerance * Math.Max(Math.Abs(x), Math.Abs(y)))
                    found.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {x:R} vs {y:R} (relative {Math.Abs(x - y) / Math.Max(Math.Abs(x), Math.Abs(y)):G2})"));
                break;
            default:
                if (expected.GetRawText() != actual.GetRawText()) found.Add($"{path}: {expected.GetRawText()} vs {actual.GetRawText()}");
                break;
        }
    }
}
