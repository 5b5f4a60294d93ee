using Workflow.Report.Document;

namespace Workflow.Report.Tests.Document;

public class TextFormatTests
{
    [Theory]
    [InlineData(0.915152, "0.92")]
    [InlineData(-0.5, "−0.50")]
    [InlineData(-0.001, "0.00")]   // no "-0.00"
    [InlineData(double.NaN, "–")]
    public void Should_UseTwoDecimalsAndARealMinus_When_FormattingCoefficients(double value, string expected) =>
        Assert.Equal(expected, TextFormat.Coefficient(value));

    [Theory]
    [InlineData(0.0133301, "0.013")]
    [InlineData(0.0002, "<0.001")]
    [InlineData(double.NaN, "–")]
    public void Should_FormatPValues_When_SmallOrUndefined(double p, string expected) =>
        Assert.Equal(expected, TextFormat.PValue(p));

    [Theory]
    [InlineData(0.2, "")]
    [InlineData(0.04, "*")]
    [InlineData(0.009, "**")]
    [InlineData(0.0009, "***")]
    public void Should_MarkSignificanceAsThePoster_When_PIsBelowThresholds(double p, string stars) =>
        Assert.Equal(stars, TextFormat.Stars(p));

    [Fact]
    public void Should_PrintUtc_When_FormattingDates() =>
        Assert.Equal("2025-01-31 12:00 UTC", TextFormat.Date(new DateTimeOffset(2025, 1, 31, 13, 0, 0, TimeSpan.FromHours(1))));
}
