using Workflow.Cli.Commands;

namespace Workflow.Cli.Tests.Commands;

public class UserMessageTests
{
    [Fact]
    public void Should_DropTheCSharpParameterName_When_AnArgumentExceptionIsShown()
    {
        Assert.Equal("Specified argument was out of the range of valid values.",
            UserMessage.Of(new ArgumentOutOfRangeException("perClass")));
        Assert.Equal("Need at least 3 points.", UserMessage.Of(new ArgumentException("Need at least 3 points.", "points")));
    }

    [Fact]
    public void Should_SayHowToWriteElsewhere_When_AccessIsDenied()
    {
        string message = UserMessage.Of(new UnauthorizedAccessException("Access to the path 'artifacts/demo/.lock' is denied."));

        Assert.StartsWith("Access to the path 'artifacts/demo/.lock' is denied.", message);
        Assert.Contains("--artifacts DIR", message);
    }
}
