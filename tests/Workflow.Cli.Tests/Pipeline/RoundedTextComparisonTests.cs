namespace Workflow.Cli.Tests.Pipeline;

/// <summary>The report snapshot's comparison allows a rounding flip in the last printed digit and nothing else.</summary>
public sealed class RoundedTextComparisonTests
{
    [Theory]
    [InlineData("| d5 | 4.78 | 0.96*** |", "| d5 | 4.79 | 0.96*** |")]
    [InlineData("ID 12.0 at layer 4", "ID 11.9 at layer 4")]
    [InlineData("same", "same")]
    public void Should_Accept_When_OnlyALastDigitFlips(string expected, string actual) =>
        Assert.Empty(RoundedTextComparison.Differences(expected, actual));

    [Theory]
    [InlineData("| d5 | 4.78 |", "| d5 | 4.80 |")]   // two units
    [InlineData("| d5 | 4.78 |", "| d5 | 4.8 |")]    // other precision
    [InlineData("layer 4", "layer 5")]               // an integer that moved
    [InlineData("| tiny-vit | 4.78 |", "| tiny-beit | 4.78 |")]
    [InlineData("a\nb", "a")]
    public void Should_ReportTheLine_When_AnythingElseChanges(string expected, string actual) =>
        Assert.NotEmpty(RoundedTextComparison.Differences(expected, actual));
}
