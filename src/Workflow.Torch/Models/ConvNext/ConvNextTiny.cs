using System.Globalization;
using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.ConvNext;

/// <summary>
/// A tiny random ConvNeXt in the HF layout, with the flags of facebook/convnext-tiny-224 at 32 px: patch 4 (8×8 → 8×8 →
/// 4×4 → 2×2 → 1×1), hidden_sizes [16, 32, 48, 64], depths [1, 1, 2, 1], layer scale; ConvNextImageProcessor shortest
/// edge 32 with crop_pct 0.875 (resize to 36, centre crop 32), bicubic, ImageNet mean/std.
/// </summary>
internal static class ConvNextTiny
{
    public static void Write(string folder, int seed, TinyCheckpointOptions options)
    {
        int image = options.ImageSize;
        string config = TinyWeights.Json(
        [
            "\"architectures\": [\"ConvNextModel\"]",
            "\"depths\": [1, 1, 2, 1]",
            "\"drop_path_rate\": 0.0",
            "\"hidden_act\": \"gelu\"",
            "\"hidden_sizes\": [16, 32, 48, 64]",
            $"\"image_size\": {image}",
            "\"layer_norm_eps\": 1e-12",
            "\"layer_scale_init_value\": 1e-06",
            "\"model_type\": \"convnext\"",
            "\"num_channels\": 3",
            "\"num_stages\": 4",
            "\"patch_size\": 4",
            "\"torch_dtype\": \"float32\"",
            $"\"idim_tiny_checkpoint\": \"writer {TinyWeights.WriterVersion}\"",
        ]);
        string processor = TinyWeights.Json([.. TinyWeights.ImageNetProcessorLines("ConvNextImageProcessor"),
            "\"crop_pct\": 0.875", string.Create(CultureInfo.InvariantCulture, $"\"size\": {{\"shortest_edge\": {image}}}")]);
        TinyWeights.Write(folder, config, processor, () => new ConvNextModel((ConvNextConfig)ModelFamilies.ParseConfig(config)), seed);
    }
}
