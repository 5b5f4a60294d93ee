using System.Globalization;
using Workflow.Torch.Models;

namespace Workflow.Cli.Commands;

/// <summary><c>idim bench forward --family swin|convnext|resnet</c>: images/s and the share of the reference kernel's rate.</summary>
internal static class HierarchicalBenchForward
{
    public static int Run(HierarchicalBenchmarkModel which, IReadOnlyList<string> dtypes, int batch, string device, int repeats)
    {
        Console.Out.WriteLine($"{which.Family}: {which.Checkpoint} configuration, random weights, 224 px, all hidden states; " +
                              $"{which.GflopPerImage:F1} GFLOP per image");
        foreach (string name in dtypes)
        {
            var dtype = PretrainedVisionModel.ParseDType(name);
            ForwardBenchmarkResult r = HierarchicalForwardBenchmark.Run(which, batch, dtype, device, repeats);
            double reference = HierarchicalForwardBenchmark.ReferenceGflops(which, batch, dtype, device);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} batch {r.Batch}, {r.Threads} threads: {r.ImagesPerSecond:F2} images/s " +
                $"(median {r.MedianSeconds:F2} s per batch; runs {string.Join(", ", r.Seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-9} {which.Reference} now: {reference:F0} GFLOP/s -> forward at {which.GflopPerImage * r.ImagesPerSecond / reference * 100:F0}% of it"));
        }
        return 0;
    }
}
