using System.Diagnostics;
using TorchSharp;
using Workflow.Torch.Models.ConvNext;
using Workflow.Torch.Models.ResNet;
using Workflow.Torch.Models.Swin;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// A base-size hierarchical model to time: the config of its published checkpoint, the forward's cost in GFLOP per
/// 224-px image (2 × the multiply-adds published for it: Swin-T 4.5 G, ConvNeXt-T 4.5 G, ResNet-50 4.1 G), and the
/// kernel that dominates its cost, timed next to the forward as the reference rate.
/// </summary>
/// <param name="Family">The model_type.</param>
/// <param name="Checkpoint">The Hub checkpoint whose configuration is used (random weights).</param>
/// <param name="GflopPerImage">2 × MACs of one forward at 224 px.</param>
/// <param name="Reference">What the reference rate measures.</param>
public sealed record HierarchicalBenchmarkModel(string Family, string Checkpoint, double GflopPerImage, string Reference)
{
    /// <summary>Swin-T, ConvNeXt-T, ResNet-50 at 224 px.</summary>
    public static IReadOnlyList<HierarchicalBenchmarkModel> All { get; } =
    [
        new("swin", "microsoft/swin-tiny-patch4-window7-224", 9.0, "matmul (batch·196 × 384)·(384 × 1536), stage 3's MLP"),
        new("convnext", "facebook/convnext-tiny-224", 9.0, "matmul (batch·196 × 384)·(384 × 1536), stage 3's pointwise layer"),
        new("resnet", "microsoft/resnet-50", 8.2, "conv 3×3, 256 → 256 channels on 14×14, stage 3's bottleneck conv"),
    ];

    /// <summary>The row for a family, or an error listing the choices.</summary>
    public static HierarchicalBenchmarkModel For(string family) => All.FirstOrDefault(m => m.Family == family) ??
        throw new ArgumentException($"No forward benchmark for family '{family}'. Expected one of: vit, {string.Join(", ", All.Select(m => m.Family))}.");

    /// <summary>The base model with random weights, built from the checkpoint's configuration (its defaults in transformers).</summary>
    internal nn.Module<Tensor, VisionModelOutput> NewModel() => Family switch
    {
        "swin" => new SwinModel((SwinConfig)ModelFamilies.ParseConfig("""{"model_type": "swin"}""")),
        "convnext" => new ConvNextModel((ConvNextConfig)ModelFamilies.ParseConfig("""{"model_type": "convnext"}""")),
        _ => new ResNetModel((ResNetConfig)ModelFamilies.ParseConfig("""{"model_type": "resnet"}""")),
    };
}

/// <summary>Times Swin / ConvNeXt / ResNet base-size forwards (all hidden states) and the reference kernel beside them.</summary>
public static class HierarchicalForwardBenchmark
{
    public static ForwardBenchmarkResult Run(HierarchicalBenchmarkModel which, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        using var model = which.NewModel();
        model.eval();
        model.to(target, dtype);
        using var inference = inference_mode();
        using Tensor input = randn(batch, 3, 224, 224).to(dtype, target);
        var times = new List<double>();
        for (int r = 0; r <= repeats; r++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            using VisionModelOutput output = model.forward(input);
            if (target.type == DeviceType.CUDA) cuda.synchronize();
            clock.Stop();
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds); // the first run is a warm-up
        }
        return new ForwardBenchmarkResult(batch, dtype, get_num_threads(), times);
    }

    /// <summary>The reference kernel's rate now (GFLOP/s, best of <paramref name="repeats"/> after a warm-up).</summary>
    public static double ReferenceGflops(HierarchicalBenchmarkModel which, int batch, ScalarType dtype, string device, int repeats = 3)
    {
        Device target = ComputeDevice.Resolve(device);
        using var inference = inference_mode();
        Tensor a, b;
        double flop;
        if (which.Family == "resnet")
        {
            a = randn(batch, 256, 14, 14).to(dtype, target);
            b = randn(256, 256, 3, 3).to(dtype, target);
            flop = 2.0 * batch * 14 * 14 * 256 * 256 * 9;
        }
        else
        {
            a = randn(batch * 196L, 384).to(dtype, target);
            b = randn(384, 1536).to(dtype, target);
            flop = 2.0 * batch * 196 * 384 * 1536;
        }
        using (a)
        using (b)
        {
            double best = double.MaxValue;
            for (int r = 0; r <= repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                using (Tensor c = which.Family == "resnet" ? nn.functional.conv2d(a, b, padding: [1, 1]) : a.matmul(b))
                    if (target.type == DeviceType.CUDA) cuda.synchronize();
                clock.Stop();
                if (r > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            return flop / best / 1e9;
        }
    }
}
