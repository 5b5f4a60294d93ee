namespace Workflow.Cli.Tests.Pipeline;

/// <summary>The tolerance comparison of the demo snapshot can fail: numbers beyond the tolerance, and any other change.</summary>
public sealed class JsonNumbersComparisonTests
{
    [Fact]
    public void Should_AcceptTheMeasuredCrossVendorDifference_When_ItIsWithinTheTolerance() =>
        Assert.Empty(JsonNumbersComparison.Differences("""{"ids":[4.78253, 2.81106e-07]}""", """{"ids":[4.78252, 2.81114e-07]}""", 1e-4));

    [Theory]
    [InlineData("""{"r":0.9261}""", """{"r":0.9271}""")]
    [InlineData("""{"model":"tiny-vit"}""", """{"model":"tiny-beit"}""")]
    [InlineData("""{"ids":[1,2]}""", """{"ids":[1,2,3]}""")]
    [InlineData("""{"a":1}""", """{"b":1}""")]
    [InlineData("""{"p":null}""", """{"p":0.5}""")]
    public void Should_ReportTheDifference_When_ANumberMovesBeyondTheToleranceOrAnythingElseChanges(string expected, string actual) =>
        Assert.NotEmpty(JsonNumbersComparison.Differences(expected, actual, 1e-4));
}
