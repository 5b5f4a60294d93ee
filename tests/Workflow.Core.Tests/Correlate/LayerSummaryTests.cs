using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

public class LayerSummaryTests
{
    [Theory]
    [InlineData("last", LayerSummaryKind.Last)]
    [InlineData("MAX", LayerSummaryKind.Max)]
    [InlineData(" mean ", LayerSummaryKind.Mean)]
    [InlineData("3", LayerSummaryKind.Index)]
    [InlineData("0.5", LayerSummaryKind.Depth)]
    [InlineData("1.0", LayerSummaryKind.Depth)]
    public void Should_ParseKind_When_TextIsValid(string text, LayerSummaryKind kind) =>
        Assert.Equal(kind, LayerSummary.Parse(text).Kind);

    [Theory]
    [InlineData("first")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("0,5")]
    [InlineData("")]
    public void Should_ExplainTheChoices_When_TextIsInvalid(string text)
    {
        var error = Assert.Throws<FormatException>(() => LayerSummary.Parse(text));
        Assert.Contains("last, max, mean", error.Message);
    }

    [Theory]
    [InlineData("last")]
    [InlineData("max")]
    [InlineData("mean")]
    [InlineData("7")]
    [InlineData("0.25")]
    public void Should_RoundTrip_When_FormattedAndParsedAgain(string text) =>
        Assert.Equal(text, LayerSummary.Parse(text).ToString());

    [Fact]
    public void Should_PickLayers_When_AskedForALayerOfAModel()
    {
        Assert.Equal(12, LayerSummary.Last.LayerFor(12));
        Assert.Equal(3, LayerSummary.AtLayer(3).LayerFor(12));
        Assert.Equal(6, LayerSummary.AtDepth(0.5).LayerFor(12));
        Assert.Equal(12, LayerSummary.AtDepth(0.5).LayerFor(24));
        Assert.Null(LayerSummary.Max.LayerFor(12));
        Assert.Null(LayerSummary.Mean.LayerFor(12));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LayerSummary.AtLayer(13).LayerFor(12, "model 'vit'"));
        Assert.Contains("model 'vit'", error.Message);
    }

    [Fact]
    public void Should_SelectPerClassIds_When_SummaryIsLastMaxMeanIndexOrDepth()
    {
        // Given one model with layers 0..2 and two classes
        double[][] ids = [[1, 10], [5, 4], [3, 7]];
        var table = ClassIdTable.FromRows(SyntheticRows.Model("m", ids).ToList());

        // Then each summary picks what its name says
        Assert.Equal([3.0, 7.0], LayerSummary.Last.Select(table, "m"));
        Assert.Equal([5.0, 10.0], LayerSummary.Max.Select(table, "m"));
        Assert.Equal([3.0, 7.0], LayerSummary.Mean.Select(table, "m"));
        Assert.Equal([5.0, 4.0], LayerSummary.AtLayer(1).Select(table, "m"));
        Assert.Equal([5.0, 4.0], LayerSummary.AtDepth(0.5).Select(table, "m"));
        Assert.Equal([5.0, 4.0], LayerSummary.AtDepth(0.4).Select(table, "m")); // 0.4 · 2 = 0.8 → layer 1
    }
}
