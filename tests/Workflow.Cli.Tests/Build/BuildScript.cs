using System.Diagnostics;
using System.Text;

namespace Workflow.Cli.Tests.Build;

/// <summary>Runs the repository's <c>./build.sh</c> as a user would: from a folder of theirs, with their environment.</summary>
internal static class BuildScript
{
    /// <summary>The repository this test build lives in (the folder holding build.sh and Workflow.sln).</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>
    /// <c>./build.sh <paramref name="arguments"/></c> from <paramref name="workingDirectory"/>, with this process's
    /// environment plus <paramref name="environment"/>; stdout and stderr together. Fails the test after <paramref name="minutes"/>.
    /// </summary>
    public static (int Code, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, int minutes = 5)
    {
        var start = new ProcessStartInfo(Path.Combine(Repository, "build.sh"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["NO_COLOR"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./build.sh {string.Join(' ', arguments)} did not finish in {minutes} minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "build.sh")) && File.Exists(Path.Combine(folder.FullName, "Workflow.sln")))
                return folder.FullName;
        throw new DirectoryNotFoundException($"No repository (build.sh + Workflow.sln) above {AppContext.BaseDirectory}.");
    }
}
