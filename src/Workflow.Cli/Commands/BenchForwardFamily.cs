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
            ForwardBenchmarkResult r = FamilyForwardBenchmark.Run(family, batch, PretrainedVisionModel.ParseDType(name), device, repeats);
            ForwardBenchmarkLines.Write(name, r, gflop);
        }
        return 0;
    }
}
