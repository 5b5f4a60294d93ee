namespace Workflow.Cli.Tests.Numerics;

public class NumericsOptionTests
{
    [Theory]
    [InlineData("embed")]
    [InlineData("twonn")]
    [InlineData("forward")]
    [InlineData("plan")]
    [InlineData("bench forward")]
    [InlineData("bench twonn")]
    [InlineData("bench embed")]
    public void Should_OfferNumerics_When_TheCommandRunsTorch(string command)
    {
        var (code, output, _) = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("--numerics", output);
        Assert.Contains("portable", output);
    }

    [Fact]
    public void Should_RejectTheValue_When_NumericsIsUnknown()
    {
        var (code, output, error) = CliRunner.Run("embed", "--experiment", "demo", "--numerics", "exact");
        Assert.NotEqual(0, code);
        Assert.Contains("exact", output + error);
        Assert.Contains("portable", output + error);
    }
}
