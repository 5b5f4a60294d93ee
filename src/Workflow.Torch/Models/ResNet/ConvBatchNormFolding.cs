using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// Folds an eval-mode BatchNorm into the convolution before it: BN(conv(x)) = conv(x; W·a) + (β − μ·a) with
/// a = γ / √(σ² + eps) per output channel (the running statistics are fixed in inference). One pass over the activations
/// fewer per convolution; the folded weights are computed in float64 and rounded once to the model's dtype, so the result
/// differs from the unfused sequence only by float rounding (InferenceFusionTests: within 1e-4 of the largest value,
/// random weights and statistics).
/// </summary>
internal static class ConvBatchNormFolding
{
    public static (Tensor Weight, Tensor Bias) Fold(Conv2d convolution, BatchNorm2d normalization, double eps)
    {
        using var scope = NewDisposeScope();
        ScalarType dtype = convolution.weight!.dtype;
        Tensor scale = normalization.weight!.to(ScalarType.Float64) / (normalization.running_var!.to(ScalarType.Float64) + eps).sqrt();
        Tensor weight = (convolution.weight.to(ScalarType.Float64) * scale.view(-1, 1, 1, 1)).to(dtype);
        Tensor bias = normalization.bias!.to(ScalarType.Float64) - normalization.running_mean!.to(ScalarType.Float64) * scale;
        if (convolution.bias is { } convBias) bias += convBias.to(ScalarType.Float64) * scale;
        return (weight.MoveToOuterDisposeScope(), bias.to(dtype).MoveToOuterDisposeScope());
    }
}
