using System.Diagnostics;
using TorchSharp;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>Timing of one forward configuration.</summary>
/// <param name="OutputSha256">SHA-256 of every output of the last run (float32 bytes, transformers' order): equal
/// hashes mean bit-identical numbers, e.g. across thread counts or numerics modes (docs/numerics.md).</param>
public sealed record ForwardBenchmarkResult(int Batch, ScalarType DType, int Threads, IReadOnlyList<double> Seconds, string OutputSha256 = "")
{
    /// <summary>Median seconds per batch.</summary>
    public double MedianSeconds => Seconds.Order().ElementAt(Seconds.Count / 2);

    /// <summary>Images per second at the median.</summary>
    public double ImagesPerSecond => Batch / MedianSeconds;
}

/// <summary>
/// Times ViTModel forward (all hidden states, pooler) with random weights at ViT-base size by default (768 hidden,
/// 12 layers, 12 heads, MLP 3072, 224 px, patch 16: ≈ 35 GFLOP per image), in inference mode.
/// </summary>
public static class ForwardBenchmark
{
    /// <summary>ViT-base-patch16-224's configuration.</summary>
    public static VisionConfig VitBase => VisionConfig.Parse("""{"model_type": "vit"}""");

    /// <summary>
    /// The matrix-product rate on this machine right now (GFLOP/s), for the MLP's shape at ViT-base size:
    /// (batch·197 × 768) · (768 × 3072). Measured next to the forward so a figure taken on a busy machine can be read
    /// as a fraction of what the BLAS delivers at that moment.
    /// </summary>
    public static double MatmulGflops(int batch, ScalarType dtype, string device, int repeats = 3)
    {
        Device target = ComputeDevice.Resolve(device);
        using var inference = inference_mode();
        long m = batch * 197L, k = 768, n = 3072;
        using Tensor a = randn(m, k).to(dtype, target), b = randn(k, n).to(dtype, target);
        double best = double.MaxValue;
        for (int r = 0; r <= repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            using (Tensor c = a.matmul(b)) { if (target.type == DeviceType.CUDA) cuda.synchronize(); }
            clock.Stop();
            if (r > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * m * k * n / best / 1e9;
    }

    public static ForwardBenchmarkResult Run(VisionConfig config, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        using var model = new ViTModel(config);
        model.eval();
        model.to(target, dtype);
        using var inference = inference_mode();
        using Tensor input = randn(batch, config.NumChannels, config.ImageHeight, config.ImageWidth).to(dtype, target);

        var times = new List<double>();
        string hash = "";
        for (int r = 0; r <= repeats; r++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            using VisionModelOutput output = model.forward(input);
            if (target.type == DeviceType.CUDA) cuda.synchronize();
            clock.Stop();
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds); // the first run is a warm-up
            if (r == repeats) hash = OutputHash(output);
        }
        return new ForwardBenchmarkResult(batch, dtype, get_num_threads(), times, hash);
    }

    private static string OutputHash(VisionModelOutput output)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (_, value) in output.Named())
        {
            using Tensor host = value.to(ScalarType.Float32).cpu().contiguous();
            sha.AppendData(host.bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
