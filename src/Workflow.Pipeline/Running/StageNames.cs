namespace Workflow.Pipeline;

/// <summary>The stage names, and the experiment-folder layout the stages share (docs/architecture.md). The order lives in the graph (<see cref="StageRegistry"/>).</summary>
internal static class StageNames
{
    public const string Data = "Data";
    public const string Embed = "Embed";
    public const string TwoNn = "TwoNN";
    public const string Correlate = "Correlate";
    public const string Report = "Report";


    // Files of the Data stage (relative to artifacts/<experiment>/).
    public const string Images = "data/images_uint8.npy";
    public const string ImageSizes = "data/image_sizes.npy"; // only for images of different sizes (Workflow.Core.Data.Images.ImageArrays)
    public const string Labels = "data/labels.npy";
    public const string Indices = "data/indices.npy";
    public const string Classes = "data/classes.json";

    /// <summary>Folder of one model's embeddings.</summary>
    public static string EmbeddingFolder(string model) => $"embeddings/{model}";

    /// <summary>One model × layer Parquet file.</summary>
    public static string EmbeddingFile(string model, int layer) => $"embeddings/{model}/layer_{layer:00}.parquet";

    /// <summary>A model's provenance (repo, revision, commit, weight hashes, layers).</summary>
    public static string ModelInfo(string model) => $"embeddings/{model}/model.json";

    public const string TwoNnCsv = "twonn.csv";
    public const string TwoNnParquet = "twonn.parquet";

    /// <summary>float64 [rows of twonn.csv × bootstrap resamples]: each row's resampled estimates, NaN where undefined.</summary>
    public const string TwoNnBootstrap = "twonn_bootstrap.npy";
    public const string CorrelationJson = "correlation.json";
    public const string CorrelationCsv = "correlation.csv";
    public const string RunJson = "run.json";
    public const string ReportHtml = "report/index.html";
    public const string ReportMarkdown = "report/report.md";
}
