using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Cache;
using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>The declared graph (design.md §8): one list of stages, ordered by their dependencies, printed by <c>idim graph --json</c>.</summary>
public sealed class StageGraphTests
{
    [Fact]
    public void Should_ListStagesInOrderWithDependenciesAndUnits_When_GraphJsonIsAskedForAnExperiment()
    {
        using var workspace = new PipelineWorkspace("graph");

        var (code, output, error) = CliRunner.Run("graph", "--json", "--experiment", workspace.Experiment, "--artifacts", workspace.Artifacts);

        Assert.True(code == 0, error);
        var stages = JsonDocument.Parse(output).RootElement.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["Data", "Embed", "TwoNN", "Estimators", "Similarity", "Correlate", "Report"], stages.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["twonn"], stages.Single(s => s.GetProperty("name").GetString() == "Correlate")
            .GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()!.ToLowerInvariant()));
        var embed = stages[1];
        Assert.Equal("embed", embed.GetProperty("command").GetString());
        Assert.Equal(["vit", "beit"], embed.GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.True(embed.GetProperty("per_unit").GetBoolean());
        Assert.Contains("device", embed.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.DoesNotContain("device", stages[0].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.False(stages[0].GetProperty("per_unit").GetBoolean());
    }

    [Fact]
    public void Should_OrderByDependenciesNotDeclaration_When_StagesAreDeclaredOutOfOrder()
    {
        var graph = new PipelineGraph([new FakeStage("C", "B"), new FakeStage("A"), new FakeStage("B", "A")]);

        Assert.Equal(["A", "B", "C"], graph.Stages.Select(s => s.Name));
        Assert.Equal(["A", "B"], graph.Upstream(graph["c"]).Select(s => s.Name));
    }

    [Fact]
    public void Should_Refuse_When_TheStagesFormACycleOrNameAnUnknownStage()
    {
        var cycle = Assert.Throws<ArgumentException>(() => new PipelineGraph([new FakeStage("A", "B"), new FakeStage("B", "A")]));
        var unknown = Assert.Throws<ArgumentException>(() => new PipelineGraph([new FakeStage("A", "Nope")]));

        Assert.Contains("cycle", cycle.Message);
        Assert.Contains("'Nope'", unknown.Message);
    }

    [Fact]
    public void Should_ListTheStages_When_AnUnknownStageIsAskedFor()
    {
        var error = Assert.Throws<UserError>(() => StageRegistry.Graph["Bogus"]);

        Assert.Contains("Data, Embed, TwoNN, Estimators, Similarity, Correlate, Report", error.Message);
    }

    /// <summary>A stage with nothing to do, for graph shapes.</summary>
    internal sealed class FakeStage(string name, params string[] dependsOn) : Stage
    {
        public override string Name => name;
        public override string Description => "fake";
        public override IReadOnlyList<string> DependsOn => dependsOn;
        public override StageUnit Plan(StageContext context, string? unit) => new(Key(unit), null, "fake");
        public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [];
        public override UnitWork Prepare(StageContext context, string? unit) => throw new NotSupportedException();
    }
}
