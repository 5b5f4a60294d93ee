using System.Diagnostics;
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
/// (<see cref="ForwardBenchmark.MatmulGflops"/>).
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
        PretrainedConfig config = ModelFamilies.ParseConfig(family.ConfigJson);
        (int hidden, int mlp, int layers, int patch, int special) = config switch
        {
            VisionConfig v => (v.HiddenSize, v.IntermediateSize, v.NumHiddenLayers, v.PatchHeight, 1),
            DeiT.DeiTConfig d => (d.Encoder.HiddenSize, d.Encoder.IntermediateSize, d.Encoder.NumHiddenLayers, d.Encoder.PatchHeight, 2),
            Dinov2.Dinov2Config d => (d.HiddenSize, d.MlpHiddenSize * (d.UseSwigluFfn ? 3 : 2) / 2, d.NumHiddenLayers, d.PatchSize, 1),
            Clip.ClipVisionConfig c => (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.PatchSize, 1),
            Siglip.SiglipVisionConfig s => (s.HiddenSize, s.IntermediateSize, s.NumHiddenLayers, s.PatchSize, 0),
            ViTMAE.ViTMAEConfig m => (m.Encoder.HiddenSize, m.Encoder.IntermediateSize, m.Encoder.NumHiddenLayers, m.Encoder.PatchHeight, 1),
            _ => throw new ArgumentException($"No FLOP count for {config.ModelType}."),
        };
        double patches = Math.Pow(family.InputSize / patch, 2), tokens = patches + special;
        double perLayer = tokens * (4.0 * hidden * hidden + 2.0 * hidden * mlp) + 2.0 * tokens * tokens * hidden;
        double embed = patches * hidden * 3.0 * patch * patch;
        return 2 * (layers * perLayer + embed) / 1e9;
    }

    /// <summary>Times <paramref name="repeats"/> forwards after one warm-up.</summary>
    public static ForwardBenchmarkResult Run(BenchmarkFamily family, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        PretrainedConfig config = ModelFamilies.ParseConfig(family.ConfigJson);
        BuiltModel built = ModelFamilies.Of(config).Build(config, Array.Empty<string>(), ModelHead.Base);
        using nn.Module<Tensor, VisionModelOutput> model = built.Module;
        model.eval();
        model.to(target, dtype);
        using var inference = inference_mode();
        using Tensor input = randn(batch, config.NumChannels, family.InputSize, family.InputSize).to(dtype, target);

        var times = new List<double>();
        for (int r = 0; r <= repeats; r++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            using VisionModelOutput output = model.forward(input);
            if (target.type == DeviceType.CUDA) cuda.synchronize();
            clock.Stop();
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        return new ForwardBenchmarkResult(batch, dtype, get_num_threads(), times);
    }
}
