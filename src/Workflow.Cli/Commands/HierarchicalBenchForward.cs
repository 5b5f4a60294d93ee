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
            ForwardBenchmarkResult r = HierarchicalForwardBenchmark.Run(which, batch, PretrainedVisionModel.ParseDType(name), device, repeats);
            ForwardBenchmarkLines.Write(name, r, which.GflopPerImage);
        }
        return 0;
    }
}
