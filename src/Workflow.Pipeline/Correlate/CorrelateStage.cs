using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Correlate;

namespace Workflow.Pipeline;

/// <summary>Correlate stage: model × model correlations of per-class IDs → <c>correlation.json</c> and <c>correlation.csv</c>.</summary>
internal sealed class CorrelateStage : Stage
{
    // Bump when this stage's code changes the meaning of its outputs.
    public const string Version = "correlate/2"; // 2: permutation p and bootstrap intervals of every pair

    public override string Name => StageNames.Correlate;

    /// <summary>The key of its single unit (read by downstream stages).</summary>
    public static StageKey UnitKey { get; } = new(StageNames.Correlate);

    public override string Description => "Pearson / Spearman correlations of per-class IDs between models -> correlation.json.";

    public override IReadOnlyList<string> DependsOn => [StageNames.TwoNn];

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var key = Key(unit);
        var data = StageRunner.OutputsOf(context, DataStage.UnitKey, o => o == StageNames.Classes);
        if (data is null) return StageUnit.Waiting(key, StageNames.Data, "the Data stage");
        var twonn = StageRunner.OutputsOf(context, TwoNnStage.UnitKey, o => o is StageNames.TwoNnCsv or StageNames.TwoNnBootstrap);
        if (twonn is null) return StageUnit.Waiting(key, StageNames.TwoNn, "the TwoNN stage");
        var parameters = new JsonObject
        {
            ["correlation"] = CanonicalJson.ToNode(context.Experiment.Correlation),
            ["seed"] = context.Experiment.TwoNn.Seed, // seeds the label shuffles
        };
        return new StageUnit(key, new StageInputs(Version, parameters, twonn.Concat(data).ToDictionary()));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [StageNames.CorrelationJson, StageNames.CorrelationCsv];

    public override UnitWork Prepare(StageContext context, string? unit) => new(Plan(context, unit), outputs =>
    {
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        var trueDims = classes.LatentDims?.ToDictionary(p => p.Key, p => (double)p.Value);
        CorrelateFiles.Run(context.Cache.PathOf(StageNames.TwoNnCsv), outputs.Root,
            context.Experiment.Correlation.Summary, context.Experiment.TwoNn.Estimator, trueDims,
            context.Cache.PathOf(StageNames.TwoNnBootstrap), context.Experiment.Correlation.Permutations, (ulong)context.Experiment.TwoNn.Seed);
        return [outputs.PathOf(StageNames.CorrelationJson), outputs.PathOf(StageNames.CorrelationCsv)];
    });
}
