using Workflow.Pipeline;

namespace Workflow.Cli.Tests.Stages;

/// <summary>The Embed stage's timing line: shares add up to 100%, and "other" is the remainder. No wall-clock assertions.</summary>
public sealed class EmbedTimingTests
{
    private static EmbedTiming Sample()
    {
        var timing = new EmbedTiming { Images = 320 };
        timing.SetTotal(TimeSpan.FromSeconds(100));
        timing.Add(EmbedPhase.Load, TimeSpan.FromSeconds(1));
        timing.Add(EmbedPhase.Read, TimeSpan.FromSeconds(0.5));
        timing.Add(EmbedPhase.Preprocess, TimeSpan.FromSeconds(2));
        timing.Add(EmbedPhase.Forward, TimeSpan.FromSeconds(90));
        timing.Add(EmbedPhase.Pool, TimeSpan.FromSeconds(1.5));
        timing.Add(EmbedPhase.Write, TimeSpan.FromSeconds(4));
        return timing;
    }

    [Fact]
    public void Should_AddUpTo100Percent_When_PhasesAndOtherAreSummed()
    {
        var timing = Sample();

        double sum = Enum.GetValues<EmbedPhase>().Sum(timing.Percent) + timing.OtherPercent;

        Assert.Equal(100, sum, 6);
        Assert.Equal(1, timing.OtherPercent, 6);
        Assert.Equal(10, timing.OutsideForwardPercent, 6);
        Assert.Equal(3.2, timing.ImagesPerSecond, 6);
    }

    [Fact]
    public void Should_PrintForwardShareAndEveryOtherPhase_When_FormattingTheLine()
    {
        string line = Sample().Line("vit");

        Assert.Equal(
            "Embed[vit]: 320 images, 3.2 images/s, forward 90.0% of 100.0 s " +
            "(load 1.0%, read 0.5%, preprocess 2.0%, pool 1.5%, write 4.0%, other 1.0%)",
            line);
    }

    [Fact]
    public void Should_ReportNoNegativeOther_When_PhasesExceedTheTotal()
    {
        var timing = new EmbedTiming();
        timing.SetTotal(TimeSpan.FromSeconds(1));
        timing.Add(EmbedPhase.Forward, TimeSpan.FromSeconds(2));

        Assert.Equal(0, timing.OtherPercent);
        Assert.Equal(TimeSpan.Zero, timing.Other);
    }

    [Fact]
    public void Should_ChargeOnlyTheMeasuredPhase_When_AScopeIsDisposed()
    {
        var timing = new EmbedTiming();
        timing.Start();
        using (timing.Measure(EmbedPhase.Write))
            Thread.Sleep(1);
        timing.Stop();

        Assert.True(timing[EmbedPhase.Write] > TimeSpan.Zero);
        Assert.All(Enum.GetValues<EmbedPhase>().Where(p => p != EmbedPhase.Write), p => Assert.Equal(TimeSpan.Zero, timing[p]));
        Assert.True(timing.Total >= timing[EmbedPhase.Write]);
        Assert.Equal(100, Enum.GetValues<EmbedPhase>().Sum(timing.Percent) + timing.OtherPercent, 6);
    }

    [Fact]
    public void Should_ReportZeroShares_When_NothingWasTimed()
    {
        var timing = new EmbedTiming();

        Assert.Equal(0, timing.OutsideForwardPercent);
        Assert.Equal(0, timing.ImagesPerSecond);
        Assert.Contains("forward 0.0% of 0.0 s", timing.Line("m"), StringComparison.Ordinal);
    }
}
