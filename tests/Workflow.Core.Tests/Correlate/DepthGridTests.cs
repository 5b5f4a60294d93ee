using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

public class DepthGridTests
{
    [Theory]
    [InlineData(0.0, 12, 0)]
    [InlineData(1.0, 12, 12)]
    [InlineData(0.5, 12, 6)]
    [InlineData(0.25, 6, 2)]   // 1.5 → halves round up
    [InlineData(0.75, 6, 5)]   // 4.5 → 5
    [InlineData(0.2, 6, 1)]    // 1.2 → 1
    [InlineData(1.0 / 3, 24, 8)]
    [InlineData(1.0 / 12, 32, 3)] // 2.67 → 3
    public void Should_ReturnTheNearestLayer_When_GivenARelativeDepth(double depth, int lastLayer, int expected) =>
        Assert.Equal(expected, DepthGrid.NearestLayer(depth, lastLayer));

    [Fact]
    public void Should_UseTheShallowestModelsLayers_When_ModelsDifferInDepth() =>
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], DepthGrid.Common([8, 4, 6]));

    [Fact]
    public void Should_BeJustZero_When_AModelHasOnlyEmbeddings() =>
        Assert.Equal([0.0], DepthGrid.Common([0, 12]));
}
