using System.Text;
using TorchSharp;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tiny;

/// <summary>
/// Writes a tiny checkpoint folder (config.json, preprocessor_config.json, model.safetensors) for a module built only
/// for its key names and shapes: every value is drawn from <see cref="SplitMix64"/> in sorted key order, so the bytes are
/// identical on every machine (the Swin / ConvNeXt / ResNet writers; <see cref="TinyCheckpoint"/> does the same for the
/// ViT group with its own pinned ranges).
/// </summary>
internal static class TinyWeights
{
    /// <summary>Bumped whenever the bytes written for a (family, seed) change.</summary>
    public const string WriterVersion = "1";

    public static void Write(string folder, string configJson, string preprocessorJson, Func<nn.Module> newModule, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Runtime.TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), preprocessorJson, new UTF8Encoding(false));

        using var scope = NewDisposeScope();
        nn.Module module = newModule();
        var random = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5A17C0DE2B3E4F61UL));
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, template) in module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (template.dtype == ScalarType.Int64)
            {
                tensors.Add((name, ones(template.shape, ScalarType.Int64))); // BatchNorm's num_batches_tracked
                continue;
            }
            long count = template.numel();
            var values = new float[count];
            var (low, high) = Range(name, template.shape);
            for (long i = 0; i < count; i++) values[i] = random.NextUniform(low, high);
            tensors.Add((name, tensor(values, template.shape)));
        }
        SafetensorsWriter.Write(Path.Combine(folder, CheckpointFiles.Safetensors), tensors);
        module.Dispose();
    }

    /// <summary>
    /// Value range per parameter kind: normalisation gains (every 1-D <c>weight</c>) near 1, small biases and running means,
    /// running variances near 1, ConvNeXt layer scale in [0.25, 1), Swin bias tables ±0.75, kernels with variance 1/fan_in.
    /// </summary>
    private static (double Low, double High) Range(string name, long[] shape)
    {
        if (name.EndsWith("layer_scale_parameter", StringComparison.Ordinal)) return (0.25, 1.0);
        if (name.EndsWith("running_var", StringComparison.Ordinal)) return (0.8, 1.25);
        if (name.EndsWith("running_mean", StringComparison.Ordinal)) return (-0.1, 0.1);
        if (name.EndsWith("relative_position_bias_table", StringComparison.Ordinal)) return (-0.75, 0.75);
        if (name.EndsWith(".weight", StringComparison.Ordinal) && shape.Length == 1) return (0.8, 1.2);
        if (name.EndsWith(".bias", StringComparison.Ordinal)) return (-0.05, 0.05);
        long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        double bound = Math.Sqrt(3.0 / Math.Max(1, fanIn));
        return (-bound, bound);
    }

    /// <summary>A JSON object from sorted "key": value lines.</summary>
    public static string Json(IEnumerable<string> lines) =>
        "{\n  " + string.Join(",\n  ", lines.OrderBy(l => l, StringComparer.Ordinal)) + "\n}\n";

    /// <summary>The preprocessor lines shared by the three writers: rescale, ImageNet mean/std, bicubic (as the published checkpoints).</summary>
    public static IEnumerable<string> ImageNetProcessorLines(string processorClass) =>
    [
        "\"do_normalize\": true",
        "\"do_rescale\": true",
        "\"do_resize\": true",
        "\"image_mean\": [0.485, 0.456, 0.406]",
        $"\"image_processor_type\": \"{processorClass}\"",
        "\"image_std\": [0.229, 0.224, 0.225]",
        "\"resample\": 3",
        "\"rescale_factor\": 0.00392156862745098",
    ];
}
