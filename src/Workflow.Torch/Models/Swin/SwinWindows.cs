using static TorchSharp.torch;

namespace Workflow.Torch.Models.Swin;

/// <summary>Swin's window helpers: <c>window_partition</c>, <c>window_reverse</c> and SwinLayer.get_attn_mask.</summary>
internal static class SwinWindows
{
    /// <summary>N×H×W×C → (N·H/w·W/w)×w×w×C, windows in raster order per image.</summary>
    public static Tensor Partition(Tensor x, long window)
    {
        long n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        return x.view(n, h / window, window, w / window, window, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, window, window, c);
    }

    /// <summary>The inverse of <see cref="Partition"/>: windows → N×H×W×C.</summary>
    public static Tensor Reverse(Tensor windows, long window, long height, long width)
    {
        long c = windows.shape[^1];
        return windows.view(-1, height / window, width / window, window, window, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, height, width, c);
    }

    /// <summary>
    /// Mirrors <c>get_attn_mask</c>: label the padded H×W grid by the 3×3 regions of slices [0, −w), [−w, −s), [−s, end) per
    /// axis; within each window, tokens of different regions (brought together by the cyclic shift) get −100, others 0.
    /// Returns nW×w²×w².
    /// </summary>
    public static Tensor ShiftMask(long height, long width, int window, int shift, ScalarType dtype, Device device)
    {
        static int Region(long i, long size, int window, int shift) => i < size - window ? 0 : i < size - shift ? 1 : 2;
        long windowsY = height / window, windowsX = width / window, tokens = (long)window * window;
        var labels = new int[windowsY * windowsX * tokens];
        for (long y = 0; y < height; y++)
        for (long x = 0; x < width; x++)
        {
            long index = ((y / window) * windowsX + x / window) * tokens + (y % window) * window + x % window;
            labels[index] = Region(y, height, window, shift) * 3 + Region(x, width, window, shift);
        }
        var mask = new float[windowsY * windowsX * tokens * tokens];
        for (long win = 0; win < windowsY * windowsX; win++)
        for (long i = 0; i < tokens; i++)
        for (long j = 0; j < tokens; j++)
            mask[(win * tokens + i) * tokens + j] = labels[win * tokens + i] == labels[win * tokens + j] ? 0f : -100f;
        return tensor(mask, [windowsY * windowsX, tokens, tokens]).to(dtype, device);
    }
}
