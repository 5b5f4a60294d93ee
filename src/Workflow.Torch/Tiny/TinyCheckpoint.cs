using System.Globalization;
using System.Text;
using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tiny;

/// <summary>Sizes of a tiny checkpoint (defaults: 32 px images, patch 4, 64 hidden, 4 layers, 4 heads, MLP 128).</summary>
public sealed record TinyCheckpointOptions
{
    public int ImageSize { get; init; } = 32;
    public int PatchSize { get; init; } = 4;
    public int HiddenSize { get; init; } = 64;
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int IntermediateSize { get; init; } = 128;
}

/// <summary>
/// Writes deterministic tiny ViT / BEiT / Data2VecVision checkpoints in the Hugging Face layout (<c>config.json</c>,
/// <c>preprocessor_config.json</c>, <c>model.safetensors</c>) for the offline demo. The flags mimic the published
/// checkpoints: vit like google/vit-base-patch16-224 (qkv bias, pooler); beit like microsoft/beit-base-patch16-224
/// (per-layer relative position bias, layer scale, mean pooling); data2vec-vision like facebook/data2vec-vision-base
/// (shared relative position bias, layer scale, final LayerNorm, bicubic processor). Values come from
/// <see cref="SplitMix64"/> in sorted key order, so the bytes are identical on every machine; the folder loads through
/// <see cref="PretrainedVisionModel.Load"/> like any other.
/// </summary>
public static class TinyCheckpoint
{
    /// <summary>Bumped whenever the bytes written for a (family, seed) change; part of stage fingerprints.</summary>
    public const string WriterVersion = "1";

    /// <summary>The ViT-style families accepted by <see cref="Write"/> (every family's writer: <see cref="ModelFamilies.TinyFamilies"/>).</summary>
    public static readonly IReadOnlyList<string> Families = ["vit", "beit", "data2vec-vision"];

    /// <summary>Writes the three files into <paramref name="folder"/> (created if needed; existing files replaced).</summary>
    public static void Write(string folder, string family, int seed, TinyCheckpointOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Families.Contains(family))
            throw new ArgumentException($"Unknown family '{family}'. Expected one of: {string.Join(", ", Families)}.", nameof(family));
        options ??= new TinyCheckpointOptions();
        Runtime.TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(folder);

        string configJson = ConfigJson(family, options);
        VisionConfig config = VisionConfig.Parse(configJson);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), PreprocessorJson(family, options), new UTF8Encoding(false));

        using var scope = NewDisposeScope();
        // Build the module only for its key names and shapes; every value is then drawn from SplitMix64.
        nn.Module module = config.Family switch
        {
            VisionFamily.ViT => new ViTModel(config, addPoolingLayer: true),
            VisionFamily.Beit => new BeitModel(config, addPoolingLayer: true),
            _ => new Data2VecVisionModel(config, addPoolingLayer: false),
        };
        var random = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x1D2C3B4A5F6E7D8CUL));
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, template) in module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long count = template.numel();
            var values = new float[count];
            var (low, high) = Range(name, template.shape);
            for (long i = 0; i < count; i++) values[i] = random.NextUniform(low, high);
            tensors.Add((name, tensor(values, template.shape)));
        }
        SafetensorsWriter.Write(Path.Combine(folder, CheckpointFiles.Safetensors), tensors);
        module.Dispose();
    }

    /// <summary>Value range per parameter kind: fan-in scaled kernels, LayerNorm gains near 1, small biases.</summary>
    private static (double Low, double High) Range(string name, long[] shape)
    {
        if (name.EndsWith("lambda_1", StringComparison.Ordinal) || name.EndsWith("lambda_2", StringComparison.Ordinal))
            return (0.25, 1.0);
        if (name.Contains("layernorm", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
            return (0.8, 1.2);
        if (name.EndsWith(".bias", StringComparison.Ordinal)) return (-0.05, 0.05);
        if (name.EndsWith("relative_position_bias_table", StringComparison.Ordinal)) return (-0.75, 0.75);
        if (name.EndsWith("cls_token", StringComparison.Ordinal) || name.EndsWith("mask_token", StringComparison.Ordinal)) return (-0.5, 0.5);
        if (name.EndsWith("position_embeddings", StringComparison.Ordinal)) return (-0.3, 0.3);
        // Kernels: uniform with variance 1/fan_in (Linear: shape[1]; Conv2d: in_channels × kh × kw).
        long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        double bound = Math.Sqrt(3.0 / Math.Max(1, fanIn));
        return (-bound, bound);
    }

    private static string ConfigJson(string family, TinyCheckpointOptions o)
    {
        var lines = new List<string>
        {
            $"\"architectures\": [\"{family switch { "vit" => "ViTModel", "beit" => "BeitModel", _ => "Data2VecVisionModel" }}\"]",
            "\"attention_probs_dropout_prob\": 0.0",
            "\"hidden_act\": \"gelu\"",
            "\"hidden_dropout_prob\": 0.0",
            $"\"hidden_size\": {o.HiddenSize}",
            $"\"image_size\": {o.ImageSize}",
            "\"initializer_range\": 0.02",
            $"\"intermediate_size\": {o.IntermediateSize}",
            "\"layer_norm_eps\": 1e-12",
            $"\"model_type\": \"{family}\"",
            $"\"num_attention_heads\": {o.Heads}",
            "\"num_channels\": 3",
            $"\"num_hidden_layers\": {o.Layers}",
            $"\"patch_size\": {o.PatchSize}",
        };
        lines.AddRange(family switch
        {
            "vit" => ["\"qkv_bias\": true"],
            "beit" =>
            [
                "\"layer_scale_init_value\": 0.1", "\"use_absolute_position_embeddings\": false", "\"use_mean_pooling\": true",
                "\"use_relative_position_bias\": true", "\"use_shared_relative_position_bias\": false",
            ],
            _ =>
            [
                "\"layer_scale_init_value\": 0.1", "\"use_absolute_position_embeddings\": false", "\"use_mean_pooling\": false",
                "\"use_relative_position_bias\": false", "\"use_shared_relative_position_bias\": true",
            ],
        });
        lines.Add("\"torch_dtype\": \"float32\"");
        lines.Add("\"idim_tiny_checkpoint\": \"writer " + WriterVersion + "\"");
        return "{\n  " + string.Join(",\n  ", lines.OrderBy(l => l, StringComparer.Ordinal)) + "\n}\n";
    }

    private static string PreprocessorJson(string family, TinyCheckpointOptions o)
    {
        string type = family == "vit" ? "ViTImageProcessor" : "BeitImageProcessor";
        int resample = family == "data2vec-vision" ? 3 : 2; // data2vec-vision-base resizes bicubic, the others bilinear
        var lines = new List<string>
        {
            "\"do_normalize\": true",
            "\"do_rescale\": true",
            "\"do_resize\": true",
            "\"image_mean\": [0.5, 0.5, 0.5]",
            $"\"image_processor_type\": \"{type}\"",
            "\"image_std\": [0.5, 0.5, 0.5]",
            $"\"resample\": {resample}",
            "\"rescale_factor\": 0.00392156862745098",
            string.Create(CultureInfo.InvariantCulture, $"\"size\": {{\"height\": {o.ImageSize}, \"width\": {o.ImageSize}}}"),
        };
        if (family != "vit") lines.Add("\"do_center_crop\": false");
        return "{\n  " + string.Join(",\n  ", lines.OrderBy(l => l, StringComparer.Ordinal)) + "\n}\n";
    }
}
