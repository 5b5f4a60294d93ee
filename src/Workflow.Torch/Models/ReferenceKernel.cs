using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// The kernel a forward's rate is read against (issue 13 item 5): one matrix product or convolution of the shape that
/// dominates the model's cost. The benchmarks time it right after every timed forward, so each forward run has a
/// reference taken in the same seconds; on a machine whose speed drifts (a shared VM) a reference measured once, a
/// few milliseconds long, moved by ±30 % between neighbouring runs and made the share meaningless.
/// </summary>
public sealed class ReferenceKernel : IRateReference
{
    /// <summary>How long one measurement repeats the kernel (after a warm-up call), at least <see cref="MinimumCalls"/> times.</summary>
    private static readonly TimeSpan MeasureFor = TimeSpan.FromSeconds(0.3);
    private const int MinimumCalls = 5;

    private readonly Tensor left;
    private readonly Tensor right;
    private readonly Func<Tensor, Tensor, Tensor> kernel;
    private readonly Device device;

    private ReferenceKernel(Tensor left, Tensor right, Func<Tensor, Tensor, Tensor> kernel, double gflop, string description)
    {
        this.left = left;
        this.right = right;
        this.kernel = kernel;
        device = left.device;
        Gflop = gflop;
        Description = description;
    }

    /// <summary>What the kernel is, for the benchmark's output.</summary>
    public string Description { get; }

    /// <summary>The operands' shapes and layout, e.g. "[8,256,14,14]c·[256,256,3,3]" (c: channels-last).</summary>
    public string Shape => $"[{string.Join(",", left.shape)}]{(ChannelsLast.Is(left) ? "c" : "")}·[{string.Join(",", right.shape)}]";

    /// <summary>GFLOP of one call (2 per multiply-add).</summary>
    public double Gflop { get; }

    /// <summary>(m × k)·(k × n).</summary>
    public static ReferenceKernel Matmul(long m, long k, long n, ScalarType dtype, Device device, string description) =>
        new(randn(m, k).to(dtype, device), randn(k, n).to(dtype, device), (a, b) => a.matmul(b), 2.0 * m * k * n / 1e9, description);

    /// <summary><paramref name="batch"/> products (m × k)·(k × n) in one batched call (attention inside windows).</summary>
    public static ReferenceKernel BatchedMatmul(long batch, long m, long k, long n, ScalarType dtype, Device device, string description) =>
        new(randn(batch, m, k).to(dtype, device), randn(batch, k, n).to(dtype, device), (a, b) => a.matmul(b), 2.0 * batch * m * k * n / 1e9, description);

    /// <summary>
    /// A convolution of <paramref name="input"/> channels → <paramref name="output"/> (k × k, stride, padding, groups) on a
    /// side × side map, its input stored channels-last when <paramref name="channelsLast"/> (the layout the model runs in).
    /// </summary>
    public static ReferenceKernel Convolution(long batch, long input, long output, long side, int kernelSize, int stride, int padding, int groups,
        bool channelsLast, ScalarType dtype, Device device, string description)
    {
        using var scope = NewDisposeScope(); // the NCHW draw and the layout copy's intermediates go with it
        Tensor x = randn(batch, input, side, side).to(dtype, device);
        if (channelsLast) x = ChannelsLast.From(x);
        Tensor w = randn(output, input / groups, kernelSize, kernelSize).to(dtype, device);
        long outSide = (side + 2L * padding - kernelSize) / stride + 1;
        double gflop = 2.0 * batch * outSide * outSide * output * (input / groups) * kernelSize * kernelSize / 1e9;
        return new(x.MoveToOuterDisposeScope(), w.MoveToOuterDisposeScope(),
            (a, b) => nn.functional.conv2d(a, b, strides: [stride, stride], padding: [padding, padding], groups: groups), gflop, description);
    }

    /// <summary>A 3×3 convolution (padding 1) of <paramref name="channels"/> → <paramref name="channels"/> on a side × side map.</summary>
    public static ReferenceKernel Convolution3x3(long batch, long channels, long side, bool channelsLast, ScalarType dtype, Device device, string description) =>
        Convolution(batch, channels, channels, side, 3, 1, 1, 1, channelsLast, dtype, device, description);

    /// <summary>The rate now: the median call of a warm-up call and then at least 0.3 s (and 5 calls), in GFLOP/s.</summary>
    public double MeasureGflops() => Gflop / MedianSeconds(MeasureFor, MinimumCalls);

    /// <summary>The median seconds of one call, after a warm-up call, over at least <paramref name="duration"/> and <paramref name="minimumCalls"/> calls.</summary>
    public double MedianSeconds(TimeSpan duration, int minimumCalls)
    {
        using var inference = inference_mode();
        Call();
        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        while (seconds.Count < minimumCalls || total.Elapsed < duration)
        {
            var clock = Stopwatch.StartNew();
            Call();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds.Order().ElementAt(seconds.Count / 2);
    }

    private void Call()
    {
        using (Tensor c = kernel(left, right))
            if (device.type == DeviceType.CUDA) cuda.synchronize();
    }

    public void Dispose()
    {
        left.Dispose();
        right.Dispose();
    }
}
