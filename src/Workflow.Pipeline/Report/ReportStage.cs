using System.Globalization;
using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Report;
using Workflow.Report;

namespace Workflow.Pipeline;

/// <summary>
/// Report stage: writes <c>run.json</c> (experiment and model provenance) and renders
/// <c>report/index.html</c>, <c>report/report.md</c> and the figures. The report folder is written beside
/// and swapped into place, so a half-written report is never left as if complete.
/// </summary>
internal sealed class ReportStage : Stage
{
    // Bump when this stage's code changes the meaning of its outputs.
    public const string Version = "report/1";

    /// <summary>The report folder (relative to the experiment folder).</summary>
    public const string ReportFolder = "report";

    public override string Name => StageNames.Report;

    public override string Description => "The report: artifacts/<experiment>/report/index.html and report.md.";

    public override IReadOnlyList<string> DependsOn => [StageNames.Correlate, EstimatorsStage.StageName, SimilarityStage.StageName];

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var key = Key(unit);
        var correlate = StageRunner.OutputsOf(context, CorrelateStage.UnitKey);
        if (correlate is null) return StageUnit.Waiting(key, StageNames.Correlate, "the Correlate stage");
        var twonn = StageRunner.OutputsOf(context, TwoNnStage.UnitKey, o => o == StageNames.TwoNnCsv);
        if (twonn is null) return StageUnit.Waiting(key, StageNames.TwoNn, "the TwoNN stage");
        var inputs = correlate.Concat(twonn).ToDictionary();
        // The estimators and similarity sections (issue 14) read those stages' outputs, where the experiment asks for them.
        foreach (var stage in new Stage[] { StageRegistry.Graph[EstimatorsStage.StageName], StageRegistry.Graph[SimilarityStage.StageName] })
            foreach (string? u in stage.Units(context))
            {
                var outputs = StageRunner.OutputsOf(context, stage.Key(u));
                if (outputs is null) return StageUnit.Waiting(key, stage.Name, stage.Key(u).ToString());
                foreach (var (name, hash) in outputs) inputs[name] = hash;
            }
        foreach (var model in context.Experiment.Models)
        {
            // A missing Embed record means that model is being (re)embedded: say so, not "input removed" (probe #13).
            var info = StageRunner.OutputsOf(context, EmbedStage.KeyOf(model), o => o == StageNames.ModelInfo(model.Name));
            if (info is null) return StageUnit.Waiting(key, StageNames.Embed, $"Embed[{model.Name}]");
            foreach (var (name, hash) in info) inputs[name] = hash;
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
        return new StageUnit(key, new StageInputs(Version, parameters, inputs));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [StageNames.RunJson, ReportFolder];

    public override UnitWork Prepare(StageContext context, string? unit) => new(Plan(context, unit), outputs => Produce(context, outputs));

    private static IReadOnlyList<string> Produce(StageContext context, StagedOutputs outputs)
    {
        string run = outputs.PathOf(StageNames.RunJson);
        AtomicFile.WriteAllText(run, RunInfoJson.ToJson(RunInfoOf(context)));
        string folder = outputs.PathOf(ReportFolder);
        // The report reads twonn.csv and correlation.json from the experiment folder, and this run's run.json.
        var inputs = ReportInputs.Load(context.Folder) with { Run = RunInfoJson.ReadFile(run) };
        ReportWriter.Write(inputs, folder, new ReportOptions(ReportDate()), ExtraAnalyses.Load(context.Folder));
        Console.WriteLine($"Report: {Path.Combine(context.Cache.PathOf(ReportFolder), ReportWriter.HtmlFileName)}");
        return [run, .. Directory.GetFiles(folder).Order(StringComparer.Ordinal)];
    }

    /// <summary>The report header: experiment settings plus each model's provenance from its model.json.</summary>
    public static RunInfo RunInfoOf(StageContext context)
    {
        var x = context.Experiment;
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        var models = x.Models.Select(m =>
        {
            var info = ModelInfoFile.Read(context.Cache.PathOf(StageNames.ModelInfo(m.Name)));
            return new ModelInfo(m.Name, info.RepoId ?? m.Source, info.Revision, info.Commit, info.Family, info.NumLayers,
                info.Weights.Select(w => new WeightFile(w.FileName, w.Sha256, w.Bytes)).ToList(), info.Numerics);
        }).ToList();
        return new RunInfo(
            x.Name, x.Description,
            new DatasetInfo(x.Dataset.Name, x.Dataset.Split, x.Dataset.PerClass, classes.Names.Length, classes.LatentDims is not null,
                x.Dataset.Images is null ? DatasetSources.Identity(x.Dataset.Name)
                    : context.Cache.ReadRecord(DataStage.UnitKey)?.Inputs.GetValueOrDefault("source") ?? "unknown"),
            x.Embedding.Pooling,
            new EstimatorInfo(x.TwoNn.Estimator, x.TwoNn.DiscardFraction,
                x.TwoNn.Estimator == "mle" ? Workflow.Core.TwoNn.TwoNnEstimator.MleForm : null, x.TwoNn.Bootstrap, x.TwoNn.Seed),
            x.Correlation.Summary, StageContext.ToolVersion, models, ReportDate(),
            models.Select(m => m.Numerics).FirstOrDefault(n => n is not null));
    }

    /// <summary>
    /// The date printed in a report: <paramref name="text"/> (ISO 8601) when given, else $SOURCE_DATE_EPOCH
    /// (reproducible-builds.org/specs/source-date-epoch: seconds since 1970 UTC), else now.
    /// </summary>
    public static DateTimeOffset ReportDate(string? text = null)
    {
        if (!string.IsNullOrWhiteSpace(text))
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
                : throw new FormatException($"--date '{text}' is not an ISO 8601 date such as 2025-01-31T12:00:00Z.");
        return long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;
    }
}
