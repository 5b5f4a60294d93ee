using System.Text.Json;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>The reference point clouds of ../shared/fixtures/twonn (copied to TestData/twonn) and their results.json.</summary>
internal static class TwoNnFixture
{
    private static readonly Lazy<JsonDocument> Results = new(() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("results.json"))));

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "twonn", file);

    public static PointMatrix Load(string file) => NpyFile.ReadMatrix(PathOf(file));

    /// <summary>The estimate of the reference entry with this library, function and (optionally) settings prefix.</summary>
    public static double Reference(string file, string library, string function, string? settingsPrefix = null)
    {
        foreach (JsonElement e in Results.Value.RootElement.GetProperty(file).GetProperty("estimates").EnumerateArray())
        {
            if (e.GetProperty("library").GetString() != library || e.GetProperty("function").GetString() != function) continue;
            if (settingsPrefix is not null && !e.GetProperty("settings").GetString()!.StartsWith(settingsPrefix, StringComparison.Ordinal)) continue;
            return e.GetProperty("estimate").GetDouble();
        }
        throw new KeyNotFoundException($"{file}: no '{library}' / '{function}' / '{settingsPrefix}' entry in results.json");
    }

    public const string Numpy = "numpy reference (independent)";
    public const string FitStandard = "fit_F=(i+1)/N_frac0.9";
    public const string FitFacco = "fit_F=i/N_frac0.9";
    public const string Mle = "mle_(N-1)/sum";
}
