using Workflow.Core.Correlate;
using Workflow.Report.Document;
using Workflow.Report.Figures;
using Workflow.Report.Tables;

namespace Workflow.Report;

/// <summary>Assembles the report's sections, figures and tables from the stage outputs (no I/O).</summary>
public static class ReportBuilder
{
    /// <summary>Builds the document; <paramref name="extras"/> adds issue 14's sections.</summary>
    public static ReportDocument Build(ReportInputs inputs, ReportOptions options, ExtraAnalyses? extras = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var (ids, correlation, run) = (inputs.Ids, inputs.Correlation, inputs.Run);
        int figure = 0, table = 0;
        string dataset = run is null ? "dataset" : $"{run.Dataset.Name} ({run.Dataset.Split})";
        string selection = correlation.Summary.Describe();
        var sections = new List<Section>();

        var settings = RunTables.Settings(run, correlation, ids, options.Date, ++table);
        var models = RunTables.Models(run, ids, ++table);
        var weights = RunTables.Weights(run, ids, table + 1);
        if (weights is not null) table++;
        sections.Add(new Section("run", "Run",
        [
            new Paragraph(run is null
                ? "The run's metadata (run.json) was not found; the tables below show what twonn.csv and correlation.json say."
                : $"Experiment {run.Experiment}: {ids.Models.Count} models on {dataset}, {run.Dataset.ImagesPerClass} images per class, " +
                  $"{run.Pooling} pooling, TwoNN {run.Estimator.Name}."),
            settings,
            models,
            .. weights is null ? Array.Empty<Block>() : [weights],
        ]));

        sections.Add(new Section("depth", "Intrinsic dimension through the network",
        [
            new Paragraph("Each model's representation of an image at a layer is one vector (the pooling above); the intrinsic dimension " +
                          "is estimated per class with TwoNN (Facco et al., 2017). Relative depth is layer / L, so models of different depth share one axis."),
            IdDepthFigure.Create(ids, ++figure, correlation.Estimator),
            ClassProfilesFigure.Create(ids, ++figure, correlation.Estimator),
            .. Counted(SmallSampleTable.Create(ids, table + 1), ref table),
        ]));

        var agreementAtSummary = correlation.AtSummary.Agreement;
        sections.Add(new Section("correlation", "Correlation of per-class IDs across models",
        [
            new Paragraph($"For two models, the vectors of per-class IDs (one number per class, at the {selection}) are correlated: Pearson r " +
                          "and Spearman ρ with two-sided p-values (Student's t with n − 2 degrees of freedom, as scipy.stats.pearsonr and " +
                          $"spearmanr). Median Spearman ρ over model pairs at the {selection}: {TextFormat.Coefficient(agreementAtSummary)}."),
            CorrelationHeatmapFigure.Create(correlation.AtSummary, ++figure, dataset, selection),
            CorrelationTables.Triangle(correlation.AtSummary, selection, ++table),
            CorrelationTables.Pairs(correlation.AtSummary, selection, ++table),
            new SubHeading("Agreement through depth"),
            AgreementFigure.Create(correlation.ByDepth, ++figure),
            CorrelationTables.ByDepth(correlation.ByDepth, correlation.Models, ++table),
        ]));

        sections.Add(new Section("ranking", "Class ranking",
        [
            new Paragraph("If models learn similar manifolds, they order the classes alike by intrinsic dimension (the poster's finding)."),
            RankingTable.Create(correlation, ++table),
        ]));

        if (correlation.Calibration is { } calibration)
        {
            string stated = string.Join("; ", calibration.Correlations.Select(c =>
                $"{(c.Model == ClassIdTable.PixelsModel ? "pixel space" : c.Model + " layer " + c.Layer)} ρ = {TextFormat.Coefficient(c.Spearman.Coefficient)}" +
                $" (p {PText(c.Spearman.PValue)})"));
            sections.Add(new Section("calibration", "Calibration: known dimensions",
            [
                new Paragraph("The calibration dataset's classes have a known intrinsic dimension d_k. If the estimates carry the per-class ranking, " +
                              $"ρ(d_k, ID) is close to 1. Spearman ρ between true d_k and the estimated ID: {stated}."),
                CalibrationFigure.Create(ids, calibration, ++figure),
                CalibrationTable.Create(calibration, ++table),
            ]));
        }

        // Issue 14's sections (Estimators and Similarity stages), when their outputs exist.
        sections.AddRange(ExtraSections.Build(extras ?? ExtraAnalyses.None, ids, ref figure, ref table));

        sections.Add(new Section("method", "Method notes",
        [
            new Paragraph("TwoNN: for each point, μ = r2 / r1 from its two nearest neighbours (Euclidean); fit: least-squares line through the " +
                          "origin of −log(1 − F) against log μ after discarding the largest μ; mle: (N − 1) / Σ log μ. Exact duplicate points (r1 = 0) are collapsed to one before the estimate and counted; layers where fewer than 3 distinct points remain have no estimate."),
            new Paragraph("Depth grid: the layers of the model with the fewest layers, k / L_min; every other model is read at its nearest layer " +
                          "round(depth · L), halves rounded up. Agreement = median Spearman ρ over model pairs."),
            new Paragraph("Reference: T. Scheidt and L. K. Hansen, Universality of intrinsic dimension of latent representations across models, " +
                          "UniReps workshop, NeurIPS 2023."),
        ]));

        string title = run is null ? "Intrinsic dimension report" : $"Intrinsic dimension report: {run.Experiment}";
        string subtitle = $"idim {run?.ToolVersion ?? "(version unknown)"} · {dataset} · {ids.Models.Count} models · " +
                          $"{ids.Classes.Count} classes · generated {TextFormat.Date(options.Date)}";
        return new ReportDocument(title, subtitle, sections);
    }

    /// <summary>Blocks holding one numbered table, or none: advances the table counter when there is one.</summary>
    private static IReadOnlyList<Block> Counted(IReadOnlyList<Block> blocks, ref int table)
    {
        if (blocks.Count > 0) table++;
        return blocks;
    }

    private static string PText(double p) => TextFormat.PValue(p) is var s && s.StartsWith('<') ? "< " + s[1..] : "= " + s;
}
