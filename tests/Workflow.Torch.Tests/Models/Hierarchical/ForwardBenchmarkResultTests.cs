using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.Hierarchical;

public class ForwardBenchmarkResultTests
{
    [Fact]
    public void Should_DivideEachRunByTheReferenceAfterIt_When_ComputingTheShare()
    {
        // batch 4 × 10 GFLOP = 40 GFLOP per run: 2 s → 20 GFLOP/s against 40 (50 %), 1 s → 40 against 40 (100 %),
        // 4 s → 10 against 5 (200 %); the median of the ratios is 100 %, whereas median forward over median reference
        // (20 / 40) would say 50 %.
        var reference = new ReferenceRates("kernel", [40, 40, 5]);
        var result = new ForwardBenchmarkResult(4, ScalarType.Float32, 2, [2.0, 1.0, 4.0], "", [reference]);

        Assert.Equal(1.0, result.ShareOf(reference, 10), 12);
        Assert.Equal(40, reference.Median);
        Assert.Equal(2.0, result.MedianSeconds);
    }
}
