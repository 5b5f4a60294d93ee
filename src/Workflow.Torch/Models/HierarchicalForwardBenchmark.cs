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

    /// <summary>The checkpoint's configuration (its defaults in transformers).</summary>
    private PretrainedConfig Config => ModelFamilies.ParseConfig($$"""{"model_type": "{{Family}}"}""");

    /// <summary>The base model with random weights.</summary>
    internal nn.Module<Tensor, VisionModelOutput> NewModel() => Config switch
    {
        SwinConfig swin => new SwinModel(swin),
        ConvNextConfig convnext => new ConvNextModel(convnext),
        ResNetConfig resnet => new ResNetModel(resnet),
        PretrainedConfig other => throw new InvalidOperationException($"No benchmark model for {other.ModelType}."),
    };

    /// <summary>Every product and convolution of one forward of this model (<see cref="ModelProducts"/>).</summary>
    internal ModelProducts Products(int batch, ScalarType dtype, Device device) => Config switch
    {
        SwinConfig swin => HierarchicalProducts.Swin(swin, batch, dtype, device),
        ConvNextConfig convnext => HierarchicalProducts.ConvNext(convnext, batch, dtype, device),
        ResNetConfig resnet => HierarchicalProducts.ResNet(resnet, batch, dtype, device),
        PretrainedConfig other => throw new InvalidOperationException($"No product list for {other.ModelType}."),
    };
}

/// <summary>Times Swin / ConvNeXt / ResNet base-size forwards (all hidden states), each run followed by the reference kernel.</summary>
public static class HierarchicalForwardBenchmark
{
    public static ForwardBenchmarkResult Run(HierarchicalBenchmarkModel which, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        using var model = which.NewModel();
        model.eval();
        model.to(target, dtype);
        InferenceFusion.Apply(model);
        using Tensor input = randn(batch, 3, 224, 224).to(dtype, target);
        using ReferenceKernel reference = Reference(which, batch, dtype, target);
        using ModelProducts products = which.Products(batch, dtype, target);
        return ForwardTiming.Time(model, input, repeats, reference, products);
    }

    /// <summary>
    /// The kernel that dominates the model's cost. ResNet's convolution runs channels-last, the layout the model runs
    /// in (<see cref="ChannelsLast"/>), so the reference is the best this library does for that shape.
    /// </summary>
    public static ReferenceKernel Reference(HierarchicalBenchmarkModel which, int batch, ScalarType dtype, Device target) =>
        which.Family == "resnet"
            ? ReferenceKernel.Convolution3x3(batch, 256, 14, channelsLast: true, dtype, target, which.Reference)
            : ReferenceKernel.Matmul(batch * 196L, 384, 1536, dtype, target, which.Reference);
}
