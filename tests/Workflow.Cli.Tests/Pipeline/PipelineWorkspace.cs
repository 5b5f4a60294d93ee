using System.Text.Json;
using Workflow.Core.Cache;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// A throw-away experiment for end-to-end tests: a small calibration run with tiny models, its own artifacts
/// folder, and helpers to run stages and read what each stage recorded.
/// </summary>
internal sealed class PipelineWorkspace : IDisposable
{
    /// <summary>Every stage's command, in the declared graph's order (a stage added to the graph is run too).</summary>
    public static readonly string Stages = string.Join(' ', Workflow.Pipeline.StageRegistry.Graph.Stages.Select(s => s.Command));

    public PipelineWorkspace(string name = "e2e", int perClass = 20, string models = DefaultModels, string twonn = "estimator: fit")
    {
        Root = Directory.CreateTempSubdirectory("idim-pipeline-").FullName;
        Artifacts = Path.Combine(Root, "artifacts");
        Experiment = Path.Combine(Root, name + ".yaml");
        Name = name;
        WriteExperiment(perClass, models, twonn);
    }

    public const string DefaultModels = """
          - name: vit
            tiny: { family: vit, seed: 1 }
          - name: beit
            tiny: { family: beit, seed: 2 }
        """;

    public string Root { get; }
    public string Artifacts { get; }
    public string Experiment { get; }
    public string Name { get; }
    public string Folder => Path.Combine(Artifacts, Name);

    public void WriteExperiment(int perClass, string models, string twonn) => File.WriteAllText(Experiment, $"""
        name: {Name}
        dataset: {"{"} name: calibration, per_class: {perClass}, seed: 0 {"}"}
        models:
        {models}
        embedding: {"{"} pooling: mean, batch_size: 50, device: cpu {"}"}
        twonn: {"{"} {twonn}, bootstrap: 10, pixels: true {"}"}
        """);

    /// <summary>Runs one stage command in-process; fails the test with its output when it does not exit 0.</summary>
    public string Run(string stage, params string[] extra)
    {
        var (code, output, error) = CliRunner.Run([stage, "--experiment", Experiment, "--artifacts", Artifacts, .. extra]);
        Assert.True(code == 0, $"idim {stage} exited {code}\n{output}\n{error}");
        return output;
    }

    /// <summary>Runs every stage in order and returns everything printed.</summary>
    public string RunAll(params string[] extra) => string.Concat(Stages.Split(' ').Select(s => Run(s, extra)));

    /// <summary>When each recorded unit finished (key → finished_utc), to see which units ran.</summary>
    public IReadOnlyDictionary<string, DateTime> Finished()
    {
        string stages = Path.Combine(Folder, ".stages");
        return Directory.GetFiles(stages, "*.json", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(stages, f).Replace('\\', '/'),
            f => JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(f))!.FinishedUtc);
    }

    /// <summary>The record keys whose finish time changed between two snapshots (new keys included).</summary>
    public static IReadOnlyList<string> Reran(IReadOnlyDictionary<string, DateTime> before, IReadOnlyDictionary<string, DateTime> after) =>
        after.Where(p => !before.TryGetValue(p.Key, out var t) || t != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    public string PathOf(string relative) => Path.Combine(Folder, relative);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
