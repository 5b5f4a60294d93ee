using System.Diagnostics;
using TorchSharp;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>A reference's rate measured right after each timed forward run (same order as the runs).</summary>
public sealed record ReferenceRates(string Description, IReadOnlyList<double> Gflops)
{
    /// <summary>The median rate over the runs (GFLOP/s).</summary>
    public double Median => Gflops.Order().ElementAt(Gflops.Count / 2);
}

/// <summary>Timing of one forward configuration.</summary>
/// <param name="OutputSha256">SHA-256 of every output of the last run (float32 bytes, transformers' order): equal
/// hashes mean bit-identical numbers, e.g. across thread counts or numerics modes (docs/numerics.md).</param>
/// <param name="References">Each reference's rates, one per timed run.</param>
public sealed record ForwardBenchmarkResult(int Batch, ScalarType DType, int Threads, IReadOnlyList<double> Seconds, string OutputSha256,
    IReadOnlyList<ReferenceRates> References)
{
    /// <summary>Median seconds per batch.</summary>
    public double MedianSeconds => Seconds.Order().ElementAt(Seconds.Count / 2);

    /// <summary>Images per second at the median.</summary>
    public double ImagesPerSecond => Batch / MedianSeconds;

    /// <summary>
    /// The forward's rate as a share of a reference's: the median over runs of each run's forward GFLOP/s divided by
    /// the reference rate measured right after it, so a drift of the machine's speed cancels run by run.
    /// </summary>
    public double ShareOf(ReferenceRates reference, double gflopPerImage)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Seconds.Select((s, i) => gflopPerImage * Batch / s / reference.Gflops[i]).Order().ElementAt(Seconds.Count / 2);
    }
}

/// <summary>The timing loop every forward benchmark shares.</summary>
public static class ForwardTiming
{
    /// <summary>
    /// One warm-up forward, then <paramref name="repeats"/> timed ones, each followed by a measurement of every
    /// reference; the outputs of the last run are hashed.
    /// </summary>
    public static ForwardBenchmarkResult Time(nn.Module<Tensor, VisionModelOutput> model, Tensor input, int repeats, params IRateReference[] references)
    {
        using var inference = inference_mode();
        var times = new List<double>();
        var rates = references.Select(_ => new List<double>()).ToArray();
        string hash = "";
        for (int r = 0; r <= repeats; r++)
        {
            using (var scope = NewDisposeScope())
            {
                var clock = Stopwatch.StartNew();
                using VisionModelOutput output = model.forward(input);
                if (input.device.type == DeviceType.CUDA) cuda.synchronize();
                clock.Stop();
                if (r == 0) continue; // the first run is a warm-up
                times.Add(clock.Elapsed.TotalSeconds);
                if (r == repeats) hash = OutputHash(output);
            }
            for (int i = 0; i < references.Length; i++) rates[i].Add(references[i].MeasureGflops());
        }
        return new ForwardBenchmarkResult((int)input.shape[0], input.dtype, get_num_threads(), times, hash,
            references.Select((x, i) => new ReferenceRates(x.Description, rates[i])).ToList());
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

/// <summary>
/// Times ViTModel forward (all hidden states, pooler) with random weights at ViT-base size by default (768 hidden,
/// 12 layers, 12 heads, MLP 3072, 224 px, patch 16: ≈ 35 GFLOP per image), in inference mode.
/// </summary>
public static class ForwardBenchmark
{
    /// <summary>ViT-base-patch16-224's configuration.</summary>
    public static VisionConfig VitBase => VisionConfig.Parse("""{"model_type": "vit"}""");

    /// <summary>
    /// The reference kernel of a token family at <paramref name="hidden"/> / <paramref name="mlp"/> width: the MLP's first
    /// product, (batch·tokens × hidden)·(hidden × mlp) — (batch·197 × 768)·(768 × 3072) at ViT-base size.
    /// </summary>
    public static ReferenceKernel MlpMatmul(int batch, long tokens, long hidden, long mlp, ScalarType dtype, Device device) =>
        ReferenceKernel.Matmul(batch * tokens, hidden, mlp, dtype, device, $"matmul ({batch}·{tokens} × {hidden})·({hidden} × {mlp}), the MLP's first product");

    /// <summary>Times ViTModel at <paramref name="config"/>'s size with random weights, the MLP's product as reference.</summary>
    public static ForwardBenchmarkResult Run(VisionConfig config, int batch, ScalarType dtype, string device, int repeats, int seed = 0)
    {
        Device target = ComputeDevice.Resolve(device);
        torch.manual_seed(seed);
        using var model = new ViTModel(config);
        model.eval();
        model.to(target, dtype);
        InferenceFusion.Apply(model);
        using Tensor input = randn(batch, config.NumChannels, config.ImageHeight, config.ImageWidth).to(dtype, target);
        long tokens = config.ImageHeight / config.PatchHeight * (config.ImageWidth / config.PatchWidth) + 1;
        using ReferenceKernel reference = MlpMatmul(batch, tokens, config.HiddenSize, config.IntermediateSize, dtype, target);
        return ForwardTiming.Time(model, input, repeats, reference);
    }
}
