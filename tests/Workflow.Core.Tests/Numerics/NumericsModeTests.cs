using Workflow.Core.Numerics;

namespace Workflow.Core.Tests.Numerics;

public class NumericsModeTests
{
    [Theory]
    [InlineData("portable", NumericsMode.Portable)]
    [InlineData("fast", NumericsMode.Fast)]
    [InlineData(" Portable ", NumericsMode.Portable)]
    public void Should_ParseTheMode_When_GivenItsName(string text, NumericsMode expected)
    {
        Assert.Equal(expected, NumericsModes.Parse(text));
        Assert.Equal(text.Trim().ToLowerInvariant(), expected.Name());
    }

    [Fact]
    public void Should_SayWhatIsAllowed_When_TheModeIsUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => NumericsModes.Parse("exact"));
        Assert.Contains("'exact'", error.Message);
        Assert.Contains("portable", error.Message);
        Assert.Contains("fast", error.Message);
    }

    [Fact]
    public void Should_DefaultToPortable_When_NothingIsChosen()
    {
        // README: portable by default (its cost is measured in docs/benchmarks.md).
        Assert.Equal(NumericsMode.Portable, NumericsModes.Default);
        Assert.Equal("portable", NumericsModes.Names[0]);
    }
}
