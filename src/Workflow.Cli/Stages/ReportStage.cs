using System.Globalization;
using Workflow.Core.Cache;
using Workflow.Core.Report;
using Workflow.Report;

namespace Workflow.Cli.Stages;

/// <summary>
/// Report stage: writes <c>run.json</c> (experiment and model provenance) and renders
/// <c>report/index.html</c>, <c>report/report.md</c> and the figures. The report folder is written beside
/// and swapped into place, so a half-written report is never left as if complete.
/// </summary>
internal static class ReportStage
{
    public static int Run(StageContext context)
    {
        var unit = PipelineUnits.Report(context);
        if (unit.Inputs is null) throw new InvalidOperationException($"Report cannot run yet: it {unit.UnknownBecause}. Run the Correlate stage first.");
        StageRunner.Run(context, unit.Key, unit.Inputs, () => Produce(context));
        return 0;
    }

    private static IReadOnlyList<string> Produce(StageContext context)
    {
        string run = context.Cache.PathOf(StageNames.RunJson);
        AtomicFile.WriteAllText(run, RunInfoJson.ToJson(RunInfoOf(context)));
        string folder = context.Cache.PathOf("report");
        AtomicFile.ReplaceDirectory(folder, temporary => ReportWriter.Write(context.Folder, temporary, new ReportOptions(ReportDate())));
        Console.WriteLine($"Report: {Path.Combine(folder, ReportWriter.HtmlFileName)}");
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
                info.Weights.Select(w => new WeightFile(w.FileName, w.Sha256, w.Bytes)).ToList());
        }).ToList();
        return new RunInfo(
            x.Name, x.Description,
            new DatasetInfo(x.Dataset.Name, x.Dataset.Split, x.Dataset.PerClass, classes.Names.Length, classes.LatentDims is not null,
                x.Dataset.Images is null ? DatasetSources.Identity(x.Dataset.Name)
                    : context.Cache.ReadRecord(PipelineUnits.DataKey)?.Inputs.GetValueOrDefault("source") ?? "unknown"),
            x.Embedding.Pooling,
            new EstimatorInfo(x.TwoNn.Estimator, x.TwoNn.DiscardFraction,
                x.TwoNn.Estimator == "mle" ? Workflow.Core.TwoNn.TwoNnEstimator.MleForm : null, x.TwoNn.Bootstrap, x.TwoNn.Seed),
            x.Correlation.Summary, StageContext.ToolVersion, models, ReportDate());
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
