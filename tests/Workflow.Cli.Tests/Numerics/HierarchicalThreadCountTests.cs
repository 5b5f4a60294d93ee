using System.Text.RegularExpressions;

namespace Workflow.Cli.Tests.Numerics;

/// <summary>
/// Portable numerics promise the same bits at any thread count. For the convolutional families that rests on which
/// kernels run: oneDNN's convolutions gave ResNet-50 other bits at 1 and 2 threads (docs/numerics.md), which is why its
/// 1×1 convolutions run as MKL products. Checked at the real base sizes (random weights, seed 0), where the kernels are
/// the ones a real checkpoint gets, by the hash of every output `idim bench forward` prints.
/// </summary>
public partial class HierarchicalThreadCountTests
{
    [Theory]
    [InlineData("resnet")]
    [InlineData("convnext")]
    [InlineData("swin")]
    public void Should_GiveTheSameBits_When_RunOnOneOrTwoThreads(string family)
    {
        string OutputHash(string threads)
        {
            string stdout = IdimProcess.Run(new Dictionary<string, string>(),
                "bench", "forward", "--family", family, "--batch-size", "2", "--repeats", "1", "--dtype", "float32", "--threads", threads);
            Match hash = OutputSha().Match(stdout);
            Assert.True(hash.Success, stdout);
            return hash.Groups[1].Value;
        }

        Assert.Equal(OutputHash("1"), OutputHash("2"));
    }

    [GeneratedRegex("outputs sha256 ([0-9a-f]{16})")]
    private static partial Regex OutputSha();
}
