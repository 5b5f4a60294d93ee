using System.Diagnostics;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Issue 5's acceptance: killing an embed run mid-way (kill -9) and rerunning yields the same values as an
/// uninterrupted run, and no partial file is ever taken as complete.
/// </summary>
public sealed class InterruptedEmbedTests
{
    private const int PerClass = 200; // 2,000 images: long enough to catch the second model mid-way

    [Fact]
    public void Should_RedoTheModelIdentically_When_EmbedWasKilledMidway()
    {
        using var reference = new PipelineWorkspace("killed", PerClass);
        reference.Run("data");
        reference.Run("embed");

        using var killed = new PipelineWorkspace("killed", PerClass);
        killed.Run("data");
        string beitFolder = killed.PathOf("embeddings/beit");
        // beit is written into its unit's staging folder (.Embed+beit.<pid>.<guid>.partial), moved into place when complete.
        KillWhen(killed, () => Directory.GetDirectories(killed.Folder, ".Embed+beit.*.partial")
            .Any(staging => Directory.GetFiles(staging, ".*.partial", SearchOption.AllDirectories).Length > 0));

        // Interrupted: beit has temporary files only, and no record, so nothing of it counts as done.
        Assert.False(File.Exists(killed.PathOf(".stages/embed/beit.json")));
        Assert.False(Directory.Exists(beitFolder) && Directory.GetFiles(beitFolder, "*.parquet").Length > 0);
        Assert.Contains("Embed[beit]: stale (never completed (no stage record))", killed.Run("plan"));

        string rerun = killed.Run("embed");

        Assert.Contains("Embed[vit]: up to date", rerun);
        Assert.Contains("Embed[beit]: stale", rerun);
        Assert.Empty(Directory.GetFileSystemEntries(killed.Folder, ".*.partial", SearchOption.AllDirectories));
        foreach (string model in new[] { "vit", "beit" })
            for (int layer = 0; layer <= 4; layer++)
            {
                string file = $"embeddings/{model}/layer_{layer:00}.parquet";
                Assert.Equal(File.ReadAllBytes(reference.PathOf(file)), File.ReadAllBytes(killed.PathOf(file)));
            }
    }

    /// <summary>Runs <c>idim embed</c> as a child process and SIGKILLs it as soon as <paramref name="condition"/> holds.</summary>
    private static void KillWhen(PipelineWorkspace workspace, Func<bool> condition)
    {
        string idim = Path.Combine(AppContext.BaseDirectory, "idim.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { idim, "embed", "--experiment", workspace.Experiment, "--artifacts", workspace.Artifacts })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, "idim embed finished before it could be interrupted; make the run longer.");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "idim embed never reached the point to interrupt.");
            Thread.Sleep(2);
        }
        process.Kill(entireProcessTree: true); // SIGKILL: no cleanup runs
        process.WaitForExit();
    }
}
