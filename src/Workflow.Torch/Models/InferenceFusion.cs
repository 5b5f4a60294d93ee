using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// A module that can precompute fused weights for inference once its checkpoint is loaded and moved to its device and
/// dtype (ResNet: a convolution with its BatchNorm folded in). Its forward uses them when
/// present; without <see cref="Fuse"/> it runs transformers' unfused sequence, so a module whose weights a test loads by
/// hand computes exactly what transformers does, and the fused result is checked against that.
/// </summary>
internal interface IInferenceFusable
{
    /// <summary>Computes the fused weights from the current parameters (call again after changing them).</summary>
    void Fuse();
}

/// <summary>Fuses every <see cref="IInferenceFusable"/> module of a model (after loading, eval and the move to device/dtype).</summary>
public static class InferenceFusion
{
    public static void Apply(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
            if (module is IInferenceFusable fusable) fusable.Fuse();
        if (model is IInferenceFusable root) root.Fuse();
    }
}
