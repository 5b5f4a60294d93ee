namespace Workflow.Cli.Tests.Build;

/// <summary>
/// Drives the Cake script itself (<c>./build.sh</c>, as a user would) with each option the README lists (issue 10
/// item 3): <c>--target</c> for every target, <c>--experiment</c> (a relative path resolved against the caller's
/// directory), bare <c>--force</c>, <c>--force=&lt;Stage&gt;</c> (and an unknown stage), <c>--device=cpu|auto</c>,
/// <c>--verify</c>, <c>--no-wait</c>, <c>--numerics</c>. The experiment is small and its artifacts go to a temporary
/// folder ($IDIM_ARTIFACTS); the targets that would rebuild or clean the repository run with Cake's <c>--dryrun</c>.
/// </summary>
public sealed class CakeScriptTests : IClassFixture<CakeScriptTests.Workspace>
{
    private readonly Workspace _workspace;

    public CakeScriptTests(Workspace workspace) => _workspace = workspace;

    [Fact]
    public void Should_RunEveryStageThenReportThemUpToDate_When_RunTwiceWithARelativeExperimentPath()
    {
        // Its own artifacts folder: the other tests of the class share one and may have run already.
        var first = _workspace.BuildIn("fresh");
        var second = _workspace.BuildIn("fresh");

        Assert.True(first.Code == 0, first.Output);
        Assert.Contains("Report: done", first.Output);
        Assert.True(second.Code == 0, second.Output);
        foreach (string unit in new[] { "Data", "Embed[vit]", "TwoNN", "Correlate", "Report" })
            Assert.Contains($"{unit}: up to date", second.Output);
    }

    [Fact]
    public void Should_ForceOnlyThatStage_When_ForceNamesAStage()
    {
        _workspace.Build();

        var run = _workspace.Build("--force=TwoNN");

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("TwoNN: forced", run.Output);
        Assert.Contains("Embed[vit]: up to date", run.Output);
        Assert.DoesNotContain("Data: forced", run.Output);
    }

    [Fact]
    public void Should_ForceEveryStage_When_ForceIsABareFlag()
    {
        var run = _workspace.Build("--force");

        Assert.True(run.Code == 0, run.Output);
        foreach (string unit in new[] { "Data", "Embed[vit]", "TwoNN", "Correlate", "Report" })
            Assert.Contains($"{unit}: forced", run.Output);
    }

    [Fact]
    public void Should_ListTheStages_When_ForceNamesAnUnknownStage()
    {
        var run = _workspace.Build("--force=Bogus");

        Assert.NotEqual(0, run.Code);
        Assert.Contains("no stage 'Bogus'. Stages: Data, Embed, TwoNN, Estimators, Similarity, Correlate, Report", run.Output);
    }

    [Theory]
    [InlineData("--device=cpu")]
    [InlineData("--device=auto")]
    [InlineData("--verify")]
    [InlineData("--no-wait")]
    public void Should_Succeed_When_AnOptionIsGiven(string option)
    {
        var run = _workspace.Build(option);

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("Report: ", run.Output);
    }

    [SkippableFact]
    public void Should_PassNumericsToTheTorchStages_When_NumericsIsGiven()
    {
        Skip.IfNot(CliRunner.Run("embed", "--help").Output.Contains("--numerics"), "idim has no --numerics option in this build");

        var run = _workspace.Build("--numerics=portable");

        Assert.True(run.Code == 0, run.Output);
    }

    [Theory]
    [InlineData("Data", "Data: ")]
    [InlineData("Embed", "Embed[vit]: ")]
    [InlineData("TwoNN", "TwoNN: ")]
    [InlineData("Correlate", "Correlate: ")]
    [InlineData("Report", "Report: ")]
    [InlineData("Plan", "Everything is up to date")]
    [InlineData("plan", "Experiment e2e")]
    public void Should_RunThatTarget_When_TargetNamesIt(string target, string expected)
    {
        _workspace.Build();

        var run = _workspace.Build($"--target={target}");

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains(expected, run.Output);
    }

    [Theory]
    [InlineData("Build")]
    [InlineData("BuildCli")]
    [InlineData("Test")]
    [InlineData("Clean")]
    public void Should_KnowTheTarget_When_ItRebuildsOrCleansTheRepository(string target)
    {
        // --dryrun: Cake resolves the target and walks its dependencies without running them.
        var run = _workspace.Build($"--target={target}", "--dryrun");

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains(target, run.Output);
    }

    [Fact]
    public void Should_ListTheTargets_When_TheTargetIsUnknown()
    {
        var run = _workspace.Build("--target=Bogus");

        Assert.NotEqual(0, run.Code);
        Assert.Contains("There is no target 'Bogus'. Targets:", run.Output);
        foreach (string target in new[] { "Clean", "Build", "Test", "Plan", "Data", "Embed", "TwoNN", "Correlate", "Report" })
            Assert.Contains(target, run.Output[run.Output.IndexOf("Targets:", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Should_ListEveryStageAsATarget_When_HelpIsAsked()
    {
        var run = _workspace.Build("--help");

        Assert.True(run.Code == 0, run.Output);
        foreach (string target in new[] { "Data", "Embed", "TwoNN", "Correlate", "Report", "Plan", "Test", "Clean" })
            Assert.Contains(target, run.Output);
    }

    /// <summary>The repository's build.sh, a small experiment in a temporary folder (the caller's directory) and its artifacts.</summary>
    public sealed class Workspace : IDisposable
    {
        public Workspace()
        {
            Root = Directory.CreateTempSubdirectory("idim-cake-").FullName;
            File.WriteAllText(Path.Combine(Root, "e2e.yaml"), """
                name: e2e
                dataset: { name: calibration, per_class: 5, seed: 0 }
                models:
                  - name: vit
                    tiny: { family: vit, seed: 1 }
                embedding: { pooling: cls, batch_size: 50, device: cpu }
                twonn: { bootstrap: 0 }
                """);
        }

        public string Root { get; }

        /// <summary>Runs <c>./build.sh --experiment=e2e.yaml</c> (relative, from <see cref="Root"/>) plus <paramref name="options"/>.</summary>
        public (int Code, string Output) Build(params string[] options) => BuildIn("artifacts", options);

        /// <summary>As <see cref="Build"/>, with the artifacts in <paramref name="artifacts"/> under <see cref="Root"/>.</summary>
        public (int Code, string Output) BuildIn(string artifacts, params string[] options) =>
            BuildScript.Run(Root, new Dictionary<string, string> { ["IDIM_ARTIFACTS"] = Path.Combine(Root, artifacts) }, ["--experiment=e2e.yaml", .. options]);

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
