using static TorchSharp.torch;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// A 1×1 convolution (stride s) as one matrix product on channels-last data: (N·H'·W' × C)·(C × C') + bias over every
/// s-th row and column, returned N×C'×H'×W' stored channels-last (for stride 1 the input's rows are a free view).
/// <para>Why not oneDNN's convolution: on ResNet-50 in portable mode its results depended on the thread count (1 and 2
/// threads gave other hidden states, by up to 8e-6, in either memory layout; oneDNN documents bitwise reproducibility
/// for a fixed thread count only). The product runs in MKL under <c>MKL_CBWR=…,STRICT</c>, which does not depend on it;
/// with the 1×1 convolutions (two thirds of ResNet's) as products the forward measured the same bits at 1 and 2
/// threads, at the same speed (docs/numerics.md).</para>
/// </summary>
internal static class PointwiseAsProduct
{
    public static Tensor Apply(Tensor x, Tensor weight, Tensor bias, int stride)
    {
        using var scope = NewDisposeScope();
        Tensor nhwc = x.permute(0, 2, 3, 1);
        if (stride > 1) nhwc = nhwc.slice(1, 0, nhwc.shape[1], stride).slice(2, 0, nhwc.shape[2], stride);
        long n = nhwc.shape[0], h = nhwc.shape[1], w = nhwc.shape[2];
        Tensor output = nn.functional.linear(nhwc.reshape(n * h * w, -1), weight.view(weight.shape[0], -1), bias);
        return output.view(n, h, w, -1).permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }
}
