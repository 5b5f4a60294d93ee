using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models.Swin;

/// <summary>
/// A tiny random Swin in the HF layout, with the flags of microsoft/swin-tiny-patch4-window7-224 at 32 px: patch 2
/// (16×16 tokens → 8×8 → 4×4), window 4 (the last stage is one unshifted window), embed_dim 16, depths [2, 2, 2],
/// heads [2, 2, 4]; ViTImageProcessor 32×32 bicubic, ImageNet mean/std.
/// </summary>
internal static class SwinTiny
{
    public static void Write(string folder, int seed, TinyCheckpointOptions options)
    {
        int image = options.ImageSize;
        string config = TinyWeights.Json(
        [
            "\"architectures\": [\"SwinModel\"]",
            "\"depths\": [2, 2, 2]",
            "\"drop_path_rate\": 0.0",
            "\"embed_dim\": 16",
            "\"hidden_act\": \"gelu\"",
            "\"hidden_size\": 64",
            $"\"image_size\": {image}",
            "\"layer_norm_eps\": 1e-05",
            "\"mlp_ratio\": 4.0",
            "\"model_type\": \"swin\"",
            "\"num_channels\": 3",
            "\"num_heads\": [2, 2, 4]",
            "\"patch_size\": 2",
            "\"qkv_bias\": true",
            "\"torch_dtype\": \"float32\"",
            "\"use_absolute_embeddings\": false",
            "\"window_size\": 4",
            $"\"idim_tiny_checkpoint\": \"writer {TinyWeights.WriterVersion}\"",
        ]);
        string processor = TinyWeights.Json([.. TinyWeights.ImageNetProcessorLines("ViTImageProcessor"),
            $"\"size\": {{\"height\": {image}, \"width\": {image}}}"]);
        TinyWeights.Write(folder, config, processor, () => new SwinModel((SwinConfig)ModelFamilies.ParseConfig(config)), seed);
    }
}
