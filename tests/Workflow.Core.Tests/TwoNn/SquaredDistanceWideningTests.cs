using Workflow.Core.Data;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>The float32 overload of the exact distance widens on the fly and must give the very bits of widening first.</summary>
public class SquaredDistanceWideningTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(768)]
    [InlineData(1027)]
    public void Should_GiveTheBitsOfTheWidenedRow_When_TheOtherRowIsFloat32(int length)
    {
        var random = new DeterministicRandom((ulong)length);
        double[] x = Enumerable.Range(0, length).Select(_ => (double)(float)random.NextDouble(-3, 3)).ToArray();
        float[] y = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble(-3, 3)).ToArray();

        double fused = ExactNeighbourSearch.SquaredDistance(x, y);
        double widened = ExactNeighbourSearch.SquaredDistance(x, y.Select(v => (double)v).ToArray());

        Assert.Equal(BitConverter.DoubleToInt64Bits(widened), BitConverter.DoubleToInt64Bits(fused));
    }
}
