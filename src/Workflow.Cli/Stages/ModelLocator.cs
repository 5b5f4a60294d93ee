using Workflow.Core.Cache;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Stages;

/// <summary>
/// Where a model's files are and what they hash to: a tiny model (written by idim under
/// <c>artifacts/models/</c>), a local folder, or a Hugging Face Hub repo (its local cache).
/// </summary>
internal static class ModelLocator
{
    /// <summary>Files of a Hugging Face model folder that decide its outputs.</summary>
    private static readonly string[] ModelFilePatterns =
        ["config.json", "preprocessor_config.json", "*.safetensors", "model.safetensors.index.json", "pytorch_model*.bin", "pytorch_model.bin.index.json"];

    /// <summary>The folder a tiny model is written to.</summary>
    public static string TinyFolder(StageContext context, TinyModelConfig tiny) =>
        Path.Combine(context.ArtifactsRoot, "models", $"tiny-{tiny.Family}-seed{tiny.Seed}");

    /// <summary>The model's file hashes as far as known locally (no network).</summary>
    public static ModelWeights WeightsOffline(StageContext context, ModelConfig model)
    {
        if (model.Tiny is { } tiny)
            // Written deterministically from (family, seed) by a versioned writer: the recipe is the identity.
            return new ModelWeights(new Dictionary<string, string> { ["tiny"] = $"{tiny.Family}/seed{tiny.Seed}/{TinyWriterVersion}" });
        if (model.Path is { } path)
        {
            string folder = Path.GetFullPath(path, Path.GetDirectoryName(context.Experiment.SourcePath)!);
            return Directory.Exists(folder)
                ? new ModelWeights(HashFolder(folder))
                : new ModelWeights(null, $"model folder {folder} does not exist");
        }
        return HubWeightsOffline(model);
    }

    /// <summary>xxh128 of every model file of a local folder.</summary>
    public static IReadOnlyDictionary<string, string> HashFolder(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string pattern in ModelFilePatterns)
            foreach (string file in Directory.EnumerateFiles(folder, pattern))
                hashes[Path.GetFileName(file)] = ContentHash.OfFile(file);
        return hashes;
    }

    // TODO(merge): from the tiny-checkpoint writer and the Hub client.
    private const string TinyWriterVersion = "1";

    private static ModelWeights HubWeightsOffline(ModelConfig model) =>
        new(null, $"weights of {model.Source} not checked yet");
}
