using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Stages;

/// <summary>
/// The cached units of every stage and what each depends on (design.md §5): settings slices, upstream
/// outputs (taken from upstream records) and source hashes. Shared by the stage commands and
/// <c>idim plan</c>, so the plan says exactly what a run would decide.
/// </summary>
internal static class PipelineUnits
{
    // Bump a version when its stage's code changes the meaning of its outputs.
    public const string DataVersion = "data/1";
    public const string EmbedVersion = "embed/1";
    public const string TwoNnVersion = "twonn/2";
    public const string CorrelateVersion = "correlate/1";
    public const string ReportVersion = "report/1";

    public static StageKey DataKey { get; } = new(StageNames.Data);
    public static StageKey TwoNnKey { get; } = new(StageNames.TwoNn);
    public static StageKey CorrelateKey { get; } = new(StageNames.Correlate);
    public static StageKey ReportKey { get; } = new(StageNames.Report);

    public static StageKey EmbedKey(ModelConfig model) => new(StageNames.Embed, model.Name);

    public static StageUnit Data(StageContext context)
    {
        var d = context.Experiment.Dataset;
        var parameters = new JsonObject { ["dataset"] = CanonicalJson.ToNode(d) };
        var inputs = new Dictionary<string, string> { ["source"] = DatasetSources.Identity(context) };
        return new StageUnit(DataKey, new StageInputs(DataVersion, parameters, inputs));
    }

    public static StageUnit Embed(StageContext context, ModelConfig model, ModelWeights weights)
    {
        var key = EmbedKey(model);
        var data = StageRunner.OutputsOf(context, DataKey, o => o != StageNames.Classes);
        if (data is null) return new StageUnit(key, null, "waits for the Data stage (no record yet)");
        if (weights.Hashes is null) return new StageUnit(key, null, weights.UnknownBecause);
        var e = context.Experiment.Embedding;
        var parameters = new JsonObject
        {
            ["model"] = CanonicalJson.ToNode(model),
            ["embedding"] = new JsonObject
            {
                ["pooling"] = e.Pooling,
                ["layers"] = CanonicalJson.ToNode(e.Layers),
                ["dtype"] = e.Dtype,
            },
        };
        var inputs = new Dictionary<string, string>(data);
        foreach (var (file, hash) in weights.Hashes) inputs["weights/" + file] = hash;
        return new StageUnit(key, new StageInputs(EmbedVersion, parameters, inputs));
    }

    public static StageUnit TwoNn(StageContext context)
    {
        var inputs = new Dictionary<string, string>();
        var data = StageRunner.OutputsOf(context, DataKey);
        if (data is null) return new StageUnit(TwoNnKey, null, "waits for the Data stage (no record yet)");
        foreach (var (name, hash) in data) inputs[name] = hash;
        foreach (var model in context.Experiment.Models)
        {
            var outputs = StageRunner.OutputsOf(context, EmbedKey(model));
            if (outputs is null) return new StageUnit(TwoNnKey, null, $"waits for Embed[{model.Name}] (no record yet)");
            foreach (var (name, hash) in outputs) inputs[name] = hash;
        }
        var parameters = new JsonObject
        {
            ["twonn"] = CanonicalJson.ToNode(context.Experiment.TwoNn),
            ["models"] = new JsonArray(context.Experiment.Models.Select(m => (JsonNode?)JsonValue.Create(m.Name)).ToArray()),
        };
        return new StageUnit(TwoNnKey, new StageInputs(TwoNnVersion, parameters, inputs));
    }

    public static StageUnit Correlate(StageContext context)
    {
        var twonn = StageRunner.OutputsOf(context, TwoNnKey, o => o == StageNames.TwoNnCsv);
        var data = StageRunner.OutputsOf(context, DataKey, o => o == StageNames.Classes);
        if (twonn is null || data is null) return new StageUnit(CorrelateKey, null, "waits for the TwoNN stage (no record yet)");
        var parameters = new JsonObject { ["correlation"] = CanonicalJson.ToNode(context.Experiment.Correlation) };
        return new StageUnit(CorrelateKey, new StageInputs(CorrelateVersion, parameters, twonn.Concat(data).ToDictionary()));
    }

    public static StageUnit Report(StageContext context)
    {
        var correlate = StageRunner.OutputsOf(context, CorrelateKey);
        var twonn = StageRunner.OutputsOf(context, TwoNnKey, o => o == StageNames.TwoNnCsv);
        if (correlate is null || twonn is null) return new StageUnit(ReportKey, null, "waits for the Correlate stage (no record yet)");
        var inputs = correlate.Concat(twonn).ToDictionary();
        foreach (var model in context.Experiment.Models)
        {
            var info = StageRunner.OutputsOf(context, EmbedKey(model), o => o == StageNames.ModelInfo(model.Name));
            if (info is not null) foreach (var (name, hash) in info) inputs[name] = hash;
        }
        var x = context.Experiment;
        var parameters = new JsonObject
        {
            ["experiment"] = new JsonObject { ["name"] = x.Name, ["description"] = x.Description },
            ["dataset"] = CanonicalJson.ToNode(x.Dataset),
            ["embedding"] = CanonicalJson.ToNode(x.Embedding),
            ["twonn"] = CanonicalJson.ToNode(x.TwoNn),
            ["correlation"] = CanonicalJson.ToNode(x.Correlation),
        };
        return new StageUnit(ReportKey, new StageInputs(ReportVersion, parameters, inputs));
    }
}
