using Workflow.Core.Paths;

namespace Workflow.Core.Data;

/// <summary>Where datasets live: <c>$IDIM_DATA</c> when set, else <c>data/</c> under the artifacts folder
/// (<see cref="ArtifactsFolder"/>, by default <c>artifacts/data</c> at the repository root).</summary>
public static class DataFolder
{
    /// <summary>Environment variable that overrides the data folder.</summary>
    public const string EnvironmentVariable = "IDIM_DATA";

    /// <summary>Resolves the data folder (not created). An explicit <paramref name="overridePath"/> wins.</summary>
    public static string Resolve(string? overridePath = null)
    {
        if (!string.IsNullOrWhiteSpace(overridePath)) return Path.GetFullPath(overridePath);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return Path.Combine(ArtifactsFolder.Resolve(), "data");
    }
}
