using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// A convolution with its eval-mode BatchNorm folded in (<see cref="ConvBatchNormFolding"/>), as ResNet's fused forward
/// runs it: 1×1 as a matrix product (<see cref="PointwiseAsProduct"/>), k×k (padding k // 2) through libtorch.
/// </summary>
internal sealed class FoldedConvolution : IDisposable
{
    private readonly Tensor weight;
    private readonly Tensor bias;
    private readonly int kernelSize;
    private readonly int stride;

    public FoldedConvolution(Conv2d convolution, BatchNorm2d normalization, double eps, int kernelSize, int stride)
    {
        (weight, bias) = ConvBatchNormFolding.Fold(convolution, normalization, eps);
        this.kernelSize = kernelSize;
        this.stride = stride;
    }

    public Tensor Apply(Tensor x) => kernelSize == 1
        ? PointwiseAsProduct.Apply(x, weight, bias, stride)
        : nn.functional.conv2d(x, weight, bias, strides: [stride, stride], padding: [kernelSize / 2, kernelSize / 2]);

    public void Dispose()
    {
        weight.Dispose();
        bias.Dispose();
    }
}
