using System.Text.Json;
using Workflow.Core.Paths;

namespace Workflow.Torch.Weights;

/// <summary>
/// Which weight files a Hugging Face model folder holds, in transformers' order of preference: <c>model.safetensors</c>,
/// <c>model.safetensors.index.json</c> (shards), <c>pytorch_model.bin</c>, <c>pytorch_model.bin.index.json</c>.
/// </summary>
public static class CheckpointFiles
{
    public const string Safetensors = "model.safetensors";
    public const string SafetensorsIndex = "model.safetensors.index.json";
    public const string PyTorch = "pytorch_model.bin";
    public const string PyTorchIndex = "pytorch_model.bin.index.json";

    /// <summary>The candidates in order of preference (for the Hub client, which probes them one by one).</summary>
    public static readonly IReadOnlyList<string> Candidates = [Safetensors, SafetensorsIndex, PyTorch, PyTorchIndex];

    /// <summary>The weight files of <paramref name="folder"/> (one file, or every shard of an index), full paths.</summary>
    /// <exception cref="FileNotFoundException">No weight file, or an index naming a missing shard.</exception>
    public static IReadOnlyList<string> Resolve(string folder)
    {
        foreach (string candidate in Candidates)
        {
            string path = Path.Combine(folder, candidate);
            if (!File.Exists(path)) continue;
            if (!candidate.EndsWith(".index.json", StringComparison.Ordinal)) return [path];
            // Shard names are data: each must stay inside the folder (transformers would open "../x" too; we refuse it).
            var shards = ShardNames(path).Select(s => ContainedPath.Resolve(folder, s, reason => new InvalidDataException(
                $"{candidate} in {folder} names the shard '{s}', which is refused: {reason}. Shards must be files inside the model folder."))).ToList();
            string? missing = shards.FirstOrDefault(s => !File.Exists(s));
            if (missing is not null)
                throw new FileNotFoundException(
                    $"{candidate} in {folder} names the shard {Path.GetFileName(missing)}, which is not there. Download the whole model folder again.", missing);
            return shards;
        }
        throw new FileNotFoundException(
            $"No weights in {folder}: expected one of {string.Join(", ", Candidates)}.", Path.Combine(folder, Safetensors));
    }

    /// <summary>The distinct shard file names of an index file, sorted (as <c>sorted(set(weight_map.values()))</c> in transformers).</summary>
    public static IReadOnlyList<string> ShardNames(string indexPath)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            return doc.RootElement.GetProperty("weight_map").EnumerateObject()
                .Select(p => p.Value.GetString() ?? throw new InvalidDataException("null shard name"))
                .Distinct().Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{Path.GetFileName(indexPath)} is not a valid shard index (expected {{\"weight_map\": {{name: file}}}}): {e.Message}", e);
        }
    }
}
