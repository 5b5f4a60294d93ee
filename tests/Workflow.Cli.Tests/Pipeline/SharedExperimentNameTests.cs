namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Probe #21: two experiment files with the same <c>name:</c> must not silently share <c>artifacts/&lt;name&gt;</c>. An edited
/// copy is refused with what to do; an unchanged copy (the same settings) may use the folder.
/// </summary>
public sealed class SharedExperimentNameTests : IDisposable
{
    private readonly PipelineWorkspace _workspace = new("shared-name", perClass: 5);

    public void Dispose() => _workspace.Dispose();

    private string CopyOfTheExperiment(Func<string, string> edit)
    {
        string copy = Path.Combine(_workspace.Root, "copy", "shared-name.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllText(copy, edit(File.ReadAllText(_workspace.Experiment)));
        return copy;
    }

    [Fact]
    public void Should_RefuseWithWhatToDo_When_AnEditedCopyKeepsTheName()
    {
        _workspace.Run("data");
        string copy = CopyOfTheExperiment(text => text.Replace("per_class: 5", "per_class: 7", StringComparison.Ordinal));
        var before = _workspace.Finished();

        var (code, _, error) = CliRunner.Run("data", "--experiment", copy, "--artifacts", _workspace.Artifacts);
        var (planCode, _, planError) = CliRunner.Run("plan", "--experiment", copy, "--artifacts", _workspace.Artifacts);

        Assert.Equal(1, code);
        Assert.Contains(_workspace.Experiment, error);
        Assert.Contains("a name: of its own", error);
        Assert.Equal(before, _workspace.Finished()); // nothing of the first experiment was touched
        Assert.Equal(0, planCode);
        Assert.Contains("warning: a run would stop here", planError);
    }

    [Fact]
    public void Should_ShareTheFolder_When_TheCopyIsUnchanged()
    {
        _workspace.Run("data");
        string copy = CopyOfTheExperiment(text => text);

        var (code, output, error) = CliRunner.Run("data", "--experiment", copy, "--artifacts", _workspace.Artifacts);

        Assert.True(code == 0, error);
        Assert.Contains("Data: up to date", output);
    }
}
