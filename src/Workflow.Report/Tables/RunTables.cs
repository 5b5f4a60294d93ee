using Workflow.Core.Correlate;
using Workflow.Core.Report;
using Workflow.Report.Document;

namespace Workflow.Report.Tables;

/// <summary>The header tables: the run's settings and its models (repo id, revision, weight hashes).</summary>
public static class RunTables
{
    /// <summary>Settings of the run as a two-column table.</summary>
    public static Table Settings(RunInfo? run, CorrelationStageResult correlation, ClassIdTable ids, DateTimeOffset date, int number)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        ArgumentNullException.ThrowIfNull(ids);
        var rows = new List<IReadOnlyList<string>>();
        void Add(string key, string value) => rows.Add([key, value]);
        if (run is null)
        {
            Add("Run metadata", "run.json not found beside twonn.csv: experiment, dataset and model details are unknown.");
            Add("Estimator", correlation.Estimator);
        }
        else
        {
            Add("Experiment", run.Experiment);
            if (!string.IsNullOrWhiteSpace(run.Description)) Add("Description", run.Description);
            Add("Dataset", run.Dataset.Name + (run.Dataset.IsCalibration ? " (known d_k per class)" : ""));
            Add("Split", run.Dataset.Split);
            if (!string.IsNullOrWhiteSpace(run.Dataset.Source)) Add("Source", run.Dataset.Source);
            Add("Images per class", TextFormat.Integer(run.Dataset.ImagesPerClass));
            Add("Classes", TextFormat.Integer(run.Dataset.Classes));
            Add("Pooling", run.Pooling);
            Add("Estimator", Estimator(run.Estimator));
            Add("Tool version", "idim " + run.ToolVersion);
            if (run.Numerics is { } numerics)
            {
                Add("Numerics", numerics.DescribeMode());
                Add("Embedded on", numerics.DescribeMachine());
            }
            if (run.Created is DateTimeOffset created) Add("Run finished", TextFormat.Date(created));
        }
        Add("Layer summary", $"{correlation.Summary} ({correlation.Summary.Describe()})");
        Add("Classes in twonn.csv", TextFormat.Integer(ids.Classes.Count));
        Add("Report date", TextFormat.Date(date));
        return new Table(number, "Run settings.", ["Setting", "Value"], rows, [Align.Left, Align.Left]);
    }

    /// <summary>The models: name, family, repository, revision, commit and number of blocks.</summary>
    public static Table Models(RunInfo? run, ClassIdTable ids, int number)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rows = ids.Models.Select(name =>
        {
            var info = run?.Models.FirstOrDefault(m => m.Name == name);
            return (IReadOnlyList<string>)
            [
                name,
                info?.Family ?? TextFormat.Missing,
                info?.RepoId ?? TextFormat.Missing,
                info?.Revision ?? TextFormat.Missing,
                info?.Commit ?? TextFormat.Missing,
                TextFormat.Integer(ids.LastLayer(name)),
            ];
        }).ToList();
        return new Table(number, "Models (L = number of transformer blocks, or of stages for Swin / ConvNeXt / ResNet; layer 0 is the embedding or stem output; relative depth = layer / L).",
            ["Model", "Family", "Repository", "Revision", "Commit", "L"], rows,
            [Align.Left, Align.Left, Align.Left, Align.Left, Align.Left, Align.Right]);
    }

    /// <summary>The models' weight files with their SHA-256 and size; null when run.json lists none.</summary>
    public static Table? Weights(RunInfo? run, ClassIdTable ids, int number)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rows = ids.Models
            .SelectMany(name => (run?.Models.FirstOrDefault(m => m.Name == name)?.Weights ?? []).Select(w => (IReadOnlyList<string>)
            [
                name, w.File, w.Sha256, w.Size is long size ? TextFormat.Integer(size) : TextFormat.Missing,
            ]))
            .ToList();
        return rows.Count == 0 ? null
            : new Table(number, "Weight files and their SHA-256 (what the run loaded).", ["Model", "File", "SHA-256", "Bytes"], rows,
                [Align.Left, Align.Left, Align.Left, Align.Right]) { CodeColumns = [2] };
    }

    private static string Estimator(EstimatorInfo e)
    {
        var parts = new List<string> { e.Name };
        if (e.Name == "fit") parts.Add($"discard fraction {TextFormat.Plain(e.DiscardFraction)}");
        if (!string.IsNullOrWhiteSpace(e.MleForm)) parts.Add($"{e.MleForm} MLE");
        parts.Add(e.BootstrapSamples > 0 ? $"{TextFormat.Integer(e.BootstrapSamples)} bootstrap resamples" : "no bootstrap");
        if (e.Seed is long seed) parts.Add($"seed {TextFormat.Integer(seed)}");
        return string.Join(", ", parts);
    }
}
