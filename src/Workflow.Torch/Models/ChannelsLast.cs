using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// Channels-last memory layout for N×C×H×W tensors. TorchSharp 0.107 has no <c>memory_format</c> argument (its enum
/// exists but no method takes it); libtorch decides a tensor's layout from its strides, and permuting to N×H×W×C,
/// making that contiguous and permuting back gives exactly the strides of <c>x.to(memory_format=torch.channels_last)</c>.
/// Convolutions (oneDNN), batch norm, pooling and elementwise ops keep that layout, so a network fed with it runs
/// without the reorders oneDNN otherwise does around every convolution, and a permute to N×H×W×C is free.
/// </summary>
public static class ChannelsLast
{
    /// <summary>The same N×C×H×W values, stored channels-last.</summary>
    public static Tensor From(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>Whether <paramref name="x"/> (4-D) is stored channels-last: its channel stride is 1 and it is dense that way.</summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4) return false;
        long[] stride = x.stride();
        long c = x.shape[1], h = x.shape[2], w = x.shape[3];
        return stride[1] == 1 && stride[3] == c && stride[2] == c * w && stride[0] == c * h * w;
    }
}
