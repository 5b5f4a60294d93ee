using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Stages;

public class NonFiniteTallyTests
{
    [Fact]
    public void Should_NameTheLayersAndCounts_When_EmbeddingsHoldNaNOrInfinity()
    {
        var tally = new NonFiniteTally([0, 4]);
        tally.Count(0, [1f, 2f, 3f, 4f]);
        tally.Count(1, [float.NaN, 2f, float.PositiveInfinity, 4f]);
        tally.Count(0, [5f, 6f]);
        tally.Count(1, [float.NegativeInfinity, 6f]);
        var writer = new StringWriter();

        tally.Warn("vit", writer);

        Assert.StartsWith("warning: vit: the embeddings hold NaN or infinite values at layer(s) 4 (3 of 6)", writer.ToString());
    }

    [Fact]
    public void Should_SayNothing_When_EveryValueIsFinite()
    {
        var tally = new NonFiniteTally([0]);
        tally.Count(0, [1f, float.MaxValue, -float.Epsilon]);
        var writer = new StringWriter();

        tally.Warn("vit", writer);

        Assert.Empty(writer.ToString());
    }
}
