using System.Globalization;
using Workflow.Torch.Models;

namespace Workflow.Cli.Commands;

/// <summary><c>idim bench forward --family X</c>: one token family's base-size forward beside the matrix-product rate.</summary>
internal static class BenchForwardFamily
{
    public static int Run(BenchmarkFamily family, int batch, IReadOnlyList<string> dtypes, string device, int repeats)
    {
        double gflop = FamilyForwardBenchmark.GflopPerImage(family);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{family.ModelType} at the size of {family.Checkpoint}, {family.InputSize} px input: {gflop:F1} GFLOP per image"));
        foreach (string name in dtypes)
        {
            var dtype = PretrainedVisionModel.ParseDType(name);
            ForwardBenchmarkResult r = FamilyForwardBenchmark.Run(family, batch, dtype, device, repeats);
            double matmul = ForwardBenchmark.MatmulGflops(batch, dtype, device);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} batch {r.Batch}, {r.Threads} threads: {r.ImagesPerSecond:F2} images/s (median {r.MedianSeconds:F2} s per batch; " +
                $"runs {string.Join(", ", r.Seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-9} forward {gflop * r.ImagesPerSecond:F0} GFLOP/s, matmul now {matmul:F0} GFLOP/s -> forward at {gflop * r.ImagesPerSecond / matmul * 100:F0}% of it"));
        }
        return 0;
    }
}
