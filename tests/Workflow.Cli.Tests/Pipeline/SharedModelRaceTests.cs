namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Issue 11 item 4 (probe #8): two experiments that share a tiny model and the data folder run at once. Before per-item
/// locks, one of them failed in 2 of 4 trials ("No weights in …", "Directory not empty"). Acceptance: 20 races, no failure.
/// </summary>
public sealed class SharedModelRaceTests : IDisposable
{
    private const int Races = 20;
    private const int DataRaces = 3;
    private readonly string _root = Directory.CreateTempSubdirectory("idim-race-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_NeverFail_When_TwoExperimentsSharingAModelRunAtOnce()
    {
        string artifacts = Path.Combine(_root, "artifacts");
        string[] experiments = [Write("first"), Write("second")];
        for (int race = 0; race < Races; race++)
        {
            // The shared model (and the experiments' results) is missing at the start of every race, so both runs write it at
            // once; the shared dataset too in the first races (generating it takes seconds, so not in all twenty).
            if (race < DataRaces && Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
            foreach (string folder in new[] { "models", "first", "second" }.Select(f => Path.Combine(artifacts, f)))
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var runs = experiments.Select(x => ChildIdim.Start("run", "--experiment", x, "--artifacts", artifacts, "--target", "Embed")).ToList();
            var results = runs.Select(r => r.Wait(TimeSpan.FromMinutes(4))).ToList();
            foreach (var run in runs) run.Dispose();
            foreach (var (code, output, error) in results)
                Assert.True(code == 0, $"race {race}: exit {code}\n{output}\n{error}");
        }
    }

    private string Write(string name)
    {
        string path = Path.Combine(_root, name + ".yaml");
        File.WriteAllText(path, $$"""
            name: {{name}}
            dataset: { name: calibration, per_class: 3, seed: 0 }
            models:
              - name: shared
                tiny: { family: vit, seed: 7 }
            embedding: { pooling: cls, batch_size: 30, device: cpu }
            """);
        return path;
    }
}
