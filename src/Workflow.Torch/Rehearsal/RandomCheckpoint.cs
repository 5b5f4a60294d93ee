using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Rehearsal;

/// <summary>The weight file format of a Hub repo's main branch.</summary>
public enum WeightFormat
{
    /// <summary><c>model.safetensors</c>.</summary>
    Safetensors,

    /// <summary><c>pytorch_model.bin</c> (torch.save zip), the only PyTorch weights of five of the nine poster repos.</summary>
    PyTorchBin,
}

/// <summary>Smaller widths and depths for CI; every other config field is kept as the real file has it.</summary>
public sealed record CheckpointShrink(int HiddenSize, int Layers, int Heads, int IntermediateSize)
{
    /// <summary>Small enough that nine models embed a few hundred 224-px images in seconds on 2 cores.</summary>
    public static readonly CheckpointShrink Ci = new(32, 2, 4, 37);

    /// <summary>Replaces the four size fields of a <c>config.json</c> text (pretty-printed, keys sorted, as transformers writes).</summary>
    public string Apply(string configJson)
    {
        JsonObject root = JsonNode.Parse(configJson)?.AsObject() ?? throw new InvalidDataException("config.json is not a JSON object.");
        root["hidden_size"] = HiddenSize;
        root["num_hidden_layers"] = Layers;
        root["num_attention_heads"] = Heads;
        root["intermediate_size"] = IntermediateSize;
        var sorted = new JsonObject();
        foreach (var (key, value) in root.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList())
        {
            root.Remove(key);
            sorted[key] = value;
        }
        return sorted.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}

/// <summary>
/// A Hub repo folder with its real <c>config.json</c> and <c>preprocessor_config.json</c> and random weights of the real
/// shapes and names in the repo's real format: the class <c>architectures</c> names is built and its state dict written
/// (normal values, std 0.02 as transformers' <c>_init_weights</c>; LayerNorm gains 1; layer scale 0.1), plus the
/// <c>relative_position_index</c> buffers BEiT-style checkpoints saved before transformers made them non-persistent.
/// </summary>
public static class RandomCheckpoint
{
    /// <summary>Writes the three files into <paramref name="folder"/>; returns the weight file's path.</summary>
    public static string Write(string folder, string configJson, string preprocessorJson, WeightFormat format, int seed)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), preprocessorJson, new UTF8Encoding(false));

        PretrainedConfig config = ModelFamilies.ParseConfig(configJson);
        ModelFamily family = ModelFamilies.Of(config);
        bool classifier = config.Architecture?.EndsWith("ForImageClassification", StringComparison.Ordinal) ?? false;
        // The key set steers the factory as a real checkpoint would: a classifier head, or a base model's pooler (ViTModel
        // checkpoints carry pooler.dense; Data2VecVisionModel's default has no pooler).
        string[] hint = classifier ? ["classifier.weight"] : config.ModelType == "vit" ? ["pooler.dense.weight"] : [];
        using var scope = NewDisposeScope();
        BuiltModel built = family.Build(config, hint, ModelHead.Auto);
        var generator = new Generator((ulong)seed);
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, template) in built.Module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
            tensors.Add((name, Value(name, template, generator)));
        if (config is VisionConfig vision && vision.Family != VisionFamily.ViT)
            tensors.AddRange(RelativePositionIndexBuffers(vision, built.Mapping.ModuleHasPrefix ? vision.BasePrefix + "." : ""));
        built.Module.Dispose();

        string path = Path.Combine(folder, format == WeightFormat.Safetensors ? CheckpointFiles.Safetensors : CheckpointFiles.PyTorch);
        if (format == WeightFormat.Safetensors) SafetensorsWriter.Write(path, tensors);
        else PyTorchCheckpointWriter.Write(path, tensors);
        return path;
    }

    private static Tensor Value(string name, Tensor template, Generator generator)
    {
        if (name.EndsWith("lambda_1", StringComparison.Ordinal) || name.EndsWith("lambda_2", StringComparison.Ordinal))
            return full(template.shape, 0.1f);
        if (name.Contains("layernorm", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".weight", StringComparison.Ordinal))
            return ones(template.shape);
        if (name.EndsWith(".bias", StringComparison.Ordinal)) return zeros(template.shape);
        return normal(0.0, 0.02, template.shape, generator: generator);
    }

    /// <summary>
    /// The index tables of <c>BeitRelativePositionBias</c> (transformers ≤ 4.30 saved them): per layer, or one shared,
    /// shape (Wh·Ww + 1)² int64, with the three extra distances (cls→token, token→cls, cls→cls).
    /// </summary>
    private static IEnumerable<(string, Tensor)> RelativePositionIndexBuffers(VisionConfig config, string prefix)
    {
        if (config.UseSharedRelativePositionBias)
            yield return ($"{prefix}encoder.relative_position_bias.relative_position_index", RelativePositionIndex(config.PatchGrid));
        if (config.UseRelativePositionBias)
        {
            for (int layer = 0; layer < config.NumHiddenLayers; layer++)
                yield return ($"{prefix}encoder.layer.{layer}.attention.attention.relative_position_bias.relative_position_index",
                    RelativePositionIndex(config.PatchGrid));
        }
    }

    /// <summary>transformers' <c>BeitRelativePositionBias.__init__</c> index computation, element by element.</summary>
    public static Tensor RelativePositionIndex((int Height, int Width) grid)
    {
        var (h, w) = grid;
        int tokens = h * w, size = tokens + 1;
        long distances = (2L * h - 1) * (2L * w - 1) + 3;
        var index = new long[size * size];
        for (int i = 0; i < tokens; i++)
        {
            for (int j = 0; j < tokens; j++)
            {
                long dy = i / w - j / w + (h - 1), dx = i % w - j % w + (w - 1);
                index[(i + 1) * size + j + 1] = dy * (2 * w - 1) + dx;
            }
        }
        for (int j = 0; j < size; j++) index[j] = distances - 3;
        for (int i = 0; i < size; i++) index[i * size] = distances - 2;
        index[0] = distances - 1;
        return tensor(index, [size, size]);
    }
}
