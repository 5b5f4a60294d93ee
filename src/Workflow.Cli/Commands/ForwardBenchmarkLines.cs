using System.Globalization;
using Workflow.Core.Numerics;
using Workflow.Torch.Models;

namespace Workflow.Cli.Commands;

/// <summary>The lines every <c>idim bench forward</c> variant prints per dtype: the timing, then the rate beside each reference.</summary>
internal static class ForwardBenchmarkLines
{
    public static void Write(string dtype, ForwardBenchmarkResult r, double gflopPerImage)
    {
        string Runs(IEnumerable<double> values, string format) => string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dtype,-9} batch {r.Batch}, {r.Threads} threads: {r.ImagesPerSecond:F2} images/s (median {r.MedianSeconds:F2} s per batch; " +
            $"runs {Runs(r.Seconds, "F2")} s); forward {gflopPerImage * r.ImagesPerSecond:F0} GFLOP/s ({gflopPerImage:F1} GFLOP per image); " +
            $"numerics {Workflow.Torch.Runtime.TorchNumerics.Mode.Name()}, outputs sha256 {r.OutputSha256[..16]}"));
        foreach (ReferenceRates reference in r.References)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-9} {reference.Description}, right after each run: {reference.Median:F0} GFLOP/s (runs {Runs(reference.Gflops, "F0")}) " +
                $"-> forward at {r.ShareOf(reference, gflopPerImage) * 100:F0}% of it"));
    }
}
