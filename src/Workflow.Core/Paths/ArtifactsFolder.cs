namespace Workflow.Core.Paths;

/// <summary>
/// Where outputs go: <c>$IDIM_ARTIFACTS</c> when set, else <c>artifacts/</c> at the repository root
/// (the nearest folder above the working directory holding <c>Workflow.sln</c>), else <c>./artifacts</c>.
/// </summary>
public static class ArtifactsFolder
{
    /// <summary>Environment variable that overrides the artifacts folder.</summary>
    public const string EnvironmentVariable = "IDIM_ARTIFACTS";

    /// <summary>Resolves the artifacts folder (not created).</summary>
    public static string Resolve(string? workingDirectory = null)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        string start = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        return Path.Combine(RepositoryRoot(start) ?? start, "artifacts");
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Workflow.sln, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workflow.sln"))) return dir.FullName;
        return null;
    }
}
