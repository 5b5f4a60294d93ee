using System.Globalization;
using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// A tiny random ResNet in the HF layout, with the flags of microsoft/resnet-50 at 32 px: bottleneck layers,
/// embedding_size 16, hidden_sizes [32, 64, 96, 128], depths [1, 1, 1, 1] (8×8 after the stem → 8×8 → 4×4 → 2×2 → 1×1),
/// BatchNorm with stored running statistics; ConvNextImageProcessor shortest edge 32, crop_pct 0.875, bicubic, ImageNet
/// mean/std. The config also carries <c>image_size</c> (ResNetConfig has none; transformers keeps it as an extra key).
/// </summary>
internal static class ResNetTiny
{
    public static void Write(string folder, int seed, TinyCheckpointOptions options)
    {
        int image = options.ImageSize;
        string config = TinyWeights.Json(
        [
            "\"architectures\": [\"ResNetModel\"]",
            "\"depths\": [1, 1, 1, 1]",
            "\"downsample_in_bottleneck\": false",
            "\"downsample_in_first_stage\": false",
            "\"embedding_size\": 16",
            "\"hidden_act\": \"relu\"",
            "\"hidden_sizes\": [32, 64, 96, 128]",
            $"\"image_size\": {image}",
            "\"layer_type\": \"bottleneck\"",
            "\"model_type\": \"resnet\"",
            "\"num_channels\": 3",
            "\"torch_dtype\": \"float32\"",
            $"\"idim_tiny_checkpoint\": \"writer {TinyWeights.WriterVersion}\"",
        ]);
        string processor = TinyWeights.Json([.. TinyWeights.ImageNetProcessorLines("ConvNextImageProcessor"),
            "\"crop_pct\": 0.875", string.Create(CultureInfo.InvariantCulture, $"\"size\": {{\"shortest_edge\": {image}}}")]);
        TinyWeights.Write(folder, config, processor, () => new ResNetModel((ResNetConfig)ModelFamilies.ParseConfig(config)), seed);
    }
}
