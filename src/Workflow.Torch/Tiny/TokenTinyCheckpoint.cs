using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tiny;

/// <summary>
/// Writes deterministic tiny checkpoints of the token families (deit, dinov2, clip_vision_model, clip,
/// siglip_vision_model, siglip, vit_mae) in the Hugging Face layout, sized by <see cref="TinyCheckpointOptions"/>, with
/// the flags and processors of the published checkpoints: DeiT distilled (DeiTImageProcessor resize + crop), DINOv2
/// (layer scale; BitImageProcessor shortest edge + crop), CLIP (quick_gelu, CLIPImageProcessor), SigLIP
/// (gelu_pytorch_tanh, attention-pooling head), ViTMAE (mask_ratio 0.75 as facebook/vit-mae-base; idim encodes the
/// whole image anyway). Values come from <see cref="SplitMix64"/> in sorted key order (as <see cref="TinyCheckpoint"/>),
/// so the bytes are the same on every machine. The <c>clip</c> / <c>siglip</c> folders hold only the vision tower's
/// tensors (the part idim loads).
/// </summary>
public static class TokenTinyCheckpoint
{
    /// <summary>Bumped whenever the bytes written for a (family, seed) change.</summary>
    public const string WriterVersion = "1";

    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406], ImageNetStd = [0.229, 0.224, 0.225];
    private static readonly double[] ClipMean = [0.48145466, 0.4578275, 0.40821073], ClipStd = [0.26862954, 0.26130258, 0.27577711];

    /// <summary>Writes config.json, preprocessor_config.json and model.safetensors into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string modelType, int seed, TinyCheckpointOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new TinyCheckpointOptions();
        Runtime.TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(folder);

        JsonObject config = Config(modelType, options);
        string configJson = Serialise(config);
        PretrainedConfig parsed = ModelFamilies.ParseConfig(configJson);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), Serialise(Processor(modelType, options)), new UTF8Encoding(false));

        using var scope = NewDisposeScope();
        // Build the module only for its key names and shapes; every value is then drawn from SplitMix64.
        BuiltModel built = ModelFamilies.Of(parsed).Build(parsed, Array.Empty<string>(), ModelHead.Base);
        var random = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x2B7E151628AED2A6UL));
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, template) in built.Module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long count = template.numel();
            var values = new float[count];
            var (low, high) = Range(name, template.shape);
            for (long i = 0; i < count; i++) values[i] = random.NextUniform(low, high);
            tensors.Add((name, tensor(values, template.shape)));
        }
        SafetensorsWriter.Write(Path.Combine(folder, CheckpointFiles.Safetensors), tensors);
        built.Module.Dispose();
    }

    /// <summary>Value range per parameter kind: layer scale in [0.25, 1], norm gains near 1, small biases, fan-in kernels.</summary>
    private static (double Low, double High) Range(string name, long[] shape)
    {
        if (name.EndsWith("lambda1", StringComparison.Ordinal)) return (0.25, 1.0);
        if (shape.Length == 1 && name.EndsWith(".weight", StringComparison.Ordinal)) return (0.8, 1.2); // LayerNorm gains
        if (name.EndsWith("bias", StringComparison.Ordinal)) return (-0.05, 0.05);
        if (name.EndsWith("_token", StringComparison.Ordinal) || name.EndsWith("class_embedding", StringComparison.Ordinal) ||
            name.EndsWith("probe", StringComparison.Ordinal)) return (-0.5, 0.5);
        if (name.Contains("position_embedding", StringComparison.Ordinal)) return (-0.3, 0.3);
        long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        double bound = Math.Sqrt(3.0 / Math.Max(1, fanIn));
        return (-bound, bound);
    }

    private static JsonObject Config(string modelType, TinyCheckpointOptions o)
    {
        var vision = new JsonObject
        {
            ["hidden_size"] = o.HiddenSize,
            ["image_size"] = o.ImageSize,
            ["num_attention_heads"] = o.Heads,
            ["num_channels"] = 3,
            ["num_hidden_layers"] = o.Layers,
            ["patch_size"] = o.PatchSize,
        };
        string architecture;
        switch (modelType)
        {
            case "deit":
                architecture = "DeiTModel";
                vision["intermediate_size"] = o.IntermediateSize;
                vision["hidden_act"] = "gelu";
                vision["layer_norm_eps"] = 1e-12;
                vision["qkv_bias"] = true;
                break;
            case "dinov2":
                architecture = "Dinov2Model";
                vision["mlp_ratio"] = (double)o.IntermediateSize / o.HiddenSize;
                vision["hidden_act"] = "gelu";
                vision["layer_norm_eps"] = 1e-6;
                vision["layerscale_value"] = 1.0;
                vision["use_swiglu_ffn"] = false;
                break;
            case "clip_vision_model" or "clip":
                architecture = modelType == "clip" ? "CLIPModel" : "CLIPVisionModel";
                vision["intermediate_size"] = o.IntermediateSize;
                vision["hidden_act"] = "quick_gelu";
                vision["layer_norm_eps"] = 1e-5;
                vision["projection_dim"] = o.HiddenSize;
                break;
            case "siglip_vision_model" or "siglip":
                architecture = modelType == "siglip" ? "SiglipModel" : "SiglipVisionModel";
                vision["intermediate_size"] = o.IntermediateSize;
                vision["hidden_act"] = "gelu_pytorch_tanh";
                vision["layer_norm_eps"] = 1e-6;
                break;
            case "vit_mae":
                architecture = "ViTMAEModel";
                vision["intermediate_size"] = o.IntermediateSize;
                vision["hidden_act"] = "gelu";
                vision["layer_norm_eps"] = 1e-12;
                vision["mask_ratio"] = 0.75;
                vision["qkv_bias"] = true;
                break;
            default:
                throw new ArgumentException($"Unknown token family '{modelType}'.", nameof(modelType));
        }
        JsonObject root;
        if (modelType is "clip" or "siglip")
        {
            vision["model_type"] = modelType + "_vision_model";
            root = new JsonObject { ["vision_config"] = vision };
            if (modelType == "clip") root["projection_dim"] = o.HiddenSize;
        }
        else
        {
            root = vision;
        }
        root["architectures"] = new JsonArray(architecture);
        root["model_type"] = modelType;
        root["torch_dtype"] = "float32";
        root["idim_tiny_checkpoint"] = "token writer " + WriterVersion;
        return root;
    }

    private static JsonObject Processor(string modelType, TinyCheckpointOptions o)
    {
        int s = o.ImageSize;
        JsonObject Square(int side) => new() { ["height"] = side, ["width"] = side };
        var p = new JsonObject { ["do_normalize"] = true, ["do_rescale"] = true, ["do_resize"] = true, ["resample"] = 3, ["rescale_factor"] = 1 / 255.0 };
        (string type, double[] mean, double[] std) = modelType switch
        {
            // Published: resize 256×256, crop 224 (ratio 8/7); tiny: resize s + s/8, crop s.
            "deit" => ("DeiTImageProcessor", ImageNetMean, ImageNetStd),
            "dinov2" => ("BitImageProcessor", ImageNetMean, ImageNetStd),
            "clip_vision_model" or "clip" => ("CLIPImageProcessor", ClipMean, ClipStd),
            "siglip_vision_model" or "siglip" => ("SiglipImageProcessor", [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
            _ => ("ViTImageProcessor", ImageNetMean, ImageNetStd),
        };
        p["image_processor_type"] = type;
        p["image_mean"] = new JsonArray(mean.Select(x => (JsonNode)x).ToArray());
        p["image_std"] = new JsonArray(std.Select(x => (JsonNode)x).ToArray());
        switch (modelType)
        {
            case "deit":
                p["size"] = Square(s + s / 8);
                p["do_center_crop"] = true;
                p["crop_size"] = Square(s);
                break;
            case "dinov2":
                p["size"] = new JsonObject { ["shortest_edge"] = s + s / 8 };
                p["do_center_crop"] = true;
                p["crop_size"] = Square(s);
                break;
            case "clip_vision_model" or "clip":
                p["size"] = new JsonObject { ["shortest_edge"] = s };
                p["do_center_crop"] = true;
                p["crop_size"] = Square(s);
                break;
            default:
                p["size"] = Square(s);
                break;
        }
        return p;
    }

    private static string Serialise(JsonObject root)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in root.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sorted[key] = value?.DeepClone();
        return sorted.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
