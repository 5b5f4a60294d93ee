using TorchSharp;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>One family's base-size configuration for <c>idim bench forward --family</c>.</summary>
/// <param name="ModelType">The family's model_type.</param>
/// <param name="Checkpoint">The published checkpoint whose sizes the config has.</param>
/// <param name="ConfigJson">Its config.json fields that matter for the forward.</param>
/// <param name="InputSize">What its image processor feeds the model (DINOv2: 224 crops into a 518-px table).</param>
public sealed record BenchmarkFamily(string ModelType, string Checkpoint, string ConfigJson, int InputSize);

/// <summary>
/// Times the forward of a token family at base size (random weights, all hidden states, inference mode) and counts
/// its multiply-adds, so the rate can be read against the matrix-product rate measured beside it
/// (<see cref="ForwardBenchmark.MlpMatmul"/>, timed after each run).
/// </summary>
public static class FamilyForwardBenchmark
{
    /// <summary>The base-size configurations (sizes of the checkpoints named).</summary>
    public static readonly IReadOnlyList<BenchmarkFamily> Families =
    [
        new("vit", "google/vit-base-patch16-224", """{"model_type": "vit"}""", 224),
        new("deit", "facebook/deit-base-distilled-patch16-224", """{"model_type": "deit"}""", 224),
        new("dinov2", "facebook/dinov2-base", """{"model_type": "dinov2", "image_size": 518}""", 224),
        new("clip_vision_model", "openai/clip-vit-base-patch16", """{"model_type": "clip_vision_model", "patch_size": 16}""", 224),
        new("siglip_vision_model", "google/siglip-base-patch16-224", """{"model_type": "siglip_vision_model"}""", 224),
        new("vit_mae", "facebook/vit-mae-base", """{"model_type": "vit_mae"}""", 224),
    ];

    /// <summary>The row for a model_type (clip and siglip time their vision towers, as the clip_vision_model / siglip_vision_model rows).</summary>
    public static BenchmarkFamily For(string modelType) =>
        Families.FirstOrDefault(f => f.ModelType == modelType || f.ModelType == modelType + "_vision_model")
        ?? throw new ArgumentException($"No benchmark configuration for '{modelType}'. Expected one of: {string.Join(", ", Families.Select(f => f.ModelType))}.");

    /// <summary>
    /// GFLOP per image (2 × multiply-adds of the patch convolution, every Linear and both attention products; norms,
    /// activations and softmax left out, as in the ViT figure of docs/benchmarks.md).
    /// </summary>
    public static double GflopPerImage(BenchmarkFamily family)
    {
        Dimensions d = DimensionsOf(family);
        double patches = Math.Pow(family.InputSize / d.Patch, 2), tokens = patches + d.SpecialTokens;
        double perLayer = tokens * (4.0 * d.Hidden * d.Hidden + 2.0 * d.Hidden * d.Mlp) + 2.0 * tokens * tokens * d.Hidden;
        double embed = patches * d.Hidden * 3.0 * d.Patch * d.Patch;
        return 2 * (d.Layers * perLayer + embed) / 1e9;
    }

    /// <summary>Times <paramref name="repeats"/> forwards after one warm-up, each followed by the MLP's first product as the reference.</summary>
    public static ForwardBenchmarkResult Run(BenchmarkFamily family, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        PretrainedConfig config = ModelFamilies.ParseConfig(family.ConfigJson);
        BuiltModel built = ModelFamilies.Of(config).Build(config, Array.Empty<string>(), ModelHead.Base);
        using nn.Module<Tensor, VisionModelOutput> model = built.Module;
        model.eval();
        model.to(target, dtype);
        InferenceFusion.Apply(model);
        using Tensor input = randn(batch, config.NumChannels, family.InputSize, family.InputSize).to(dtype, target);
        Dimensions d = DimensionsOf(family);
        long tokens = (long)Math.Pow(family.InputSize / d.Patch, 2) + d.SpecialTokens;
        using ReferenceKernel reference = ForwardBenchmark.MlpMatmul(batch, tokens, d.Hidden, d.Mlp, dtype, target);
        return ForwardTiming.Time(model, input, repeats, reference);
    }

    /// <summary>The sizes the cost depends on; <c>Mlp</c> is the width a plain two-layer MLP of the same cost would have (DINOv2's SwiGLU has three products).</summary>
    private sealed record Dimensions(int Hidden, int Mlp, int Layers, int Patch, int SpecialTokens);

    private static Dimensions DimensionsOf(BenchmarkFamily family) => ModelFamilies.ParseConfig(family.ConfigJson) switch
    {
        VisionConfig v => new(v.HiddenSize, v.IntermediateSize, v.NumHiddenLayers, v.PatchHeight, 1),
        DeiT.DeiTConfig d => new(d.Encoder.HiddenSize, d.Encoder.IntermediateSize, d.Encoder.NumHiddenLayers, d.Encoder.PatchHeight, 2),
        Dinov2.Dinov2Config d => new(d.HiddenSize, d.MlpHiddenSize * (d.UseSwigluFfn ? 3 : 2) / 2, d.NumHiddenLayers, d.PatchSize, 1),
        Clip.ClipVisionConfig c => new(c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.PatchSize, 1),
        Siglip.SiglipVisionConfig s => new(s.HiddenSize, s.IntermediateSize, s.NumHiddenLayers, s.PatchSize, 0),
        ViTMAE.ViTMAEConfig m => new(m.Encoder.HiddenSize, m.Encoder.IntermediateSize, m.Encoder.NumHiddenLayers, m.Encoder.PatchHeight, 1),
        PretrainedConfig other => throw new ArgumentException($"No FLOP count for {other.ModelType}."),
    };
}
