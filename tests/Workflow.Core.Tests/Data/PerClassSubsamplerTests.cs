using Workflow.Core.Data;

namespace Workflow.Core.Tests.Data;

public sealed class PerClassSubsamplerTests
{
    private static readonly int[] Labels = Enumerable.Range(0, 1000).Select(i => (i * 7 + i / 13) % 10).ToArray();

    [Fact]
    public void Should_KeepPerClassImagesGroupedByClass_When_Subsampling()
    {
        int[] chosen = PerClassSubsampler.Select(Labels, 10, perClass: 30, seed: 42);

        Assert.Equal(300, chosen.Length);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 30)), chosen.Select(p => Labels[p]));
        Assert.Equal(300, chosen.Distinct().Count());
    }

    [Fact]
    public void Should_ReturnSamePositions_When_SeedIsSame()
    {
        Assert.Equal(PerClassSubsampler.Select(Labels, 10, 30, 7), PerClassSubsampler.Select(Labels, 10, 30, 7));
        Assert.NotEqual(PerClassSubsampler.Select(Labels, 10, 30, 7), PerClassSubsampler.Select(Labels, 10, 30, 8));
    }

    [Fact]
    public void Should_MatchPinnedPositions_When_SeedIsFixed()
    {
        // Pinned so that a change of generator or algorithm (which would change every experiment's images) is noticed.
        int[] chosen = PerClassSubsampler.Select(Enumerable.Repeat(0, 100).ToArray(), 1, 5, seed: 0);

        Assert.Equal(PinnedFirstFive, chosen);
    }

    [Fact]
    public void Should_NotDependOnOtherClasses_When_OneClassChanges()
    {
        int[] changed = (int[])Labels.Clone();
        for (int i = 0; i < changed.Length; i++) if (changed[i] == 9 && i % 2 == 0) changed[i] = 8; // class 8 grows, 9 shrinks

        int[] before = PerClassSubsampler.Select(Labels, 10, 20, 1).Where(p => Labels[p] < 8).ToArray();
        int[] after = PerClassSubsampler.Select(changed, 10, 20, 1).Where(p => changed[p] < 8).ToArray();

        Assert.Equal(before, after);
    }

    [Fact]
    public void Should_RecordSourceIndices_When_SubsamplingImages()
    {
        int n = 40;
        var images = new LabeledImages(1, 1, Enumerable.Range(0, n * 3).Select(i => (byte)i).ToArray(),
            Enumerable.Range(0, n).Select(i => i % 4).ToArray(), Enumerable.Range(100, n).ToArray(), ["a", "b", "c", "d"]);

        LabeledImages subset = PerClassSubsampler.Subsample(images, perClass: 3, seed: 5);

        Assert.Equal(12, subset.Count);
        for (int i = 0; i < subset.Count; i++)
        {
            int original = subset.SourceIndices[i] - 100;
            Assert.Equal(images.Labels[original], subset.Labels[i]);
            Assert.Equal(images.Image(original).ToArray(), subset.Image(i).ToArray());
        }
    }

    [Fact]
    public void Should_ThrowClearError_When_ClassHasTooFewImages()
    {
        var error = Assert.Throws<ArgumentException>(() => PerClassSubsampler.Select([0, 0, 1], 2, perClass: 2, seed: 0));

        Assert.Contains("Class 1 has 1 images, fewer than per_class = 2", error.Message);
    }

    [Fact]
    public void Should_ProduceReferenceSplitMix64Output_When_SeedIsZero()
    {
        // Reference value of SplitMix64 (Steele et al. 2014; Vigna's splitmix64.c) for seed 0.
        Assert.Equal(0xE220A8397B1DCDAFUL, new DeterministicRandom(0).NextUInt64());
    }

    private static readonly int[] PinnedFirstFive = [13, 18, 37, 38, 69];
}
