using Workflow.Torch.Preprocessing;

namespace Workflow.Torch.Tests.Models;

/// <summary>
/// Images of different sizes in one batch: each must come out exactly as when it is processed alone through the
/// N×H×W×3 path that the transformers fixtures check (each image resized from its own size, as transformers does for
/// a list of Pillow images).
/// </summary>
public sealed class VariableSizePreprocessTests
{
    private static byte[] Image(int h, int w, int seed)
    {
        var bytes = new byte[h * w * 3];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData("ViTImageProcessor")]
    [InlineData("BeitImageProcessor")]
    public void Should_MatchEachImageProcessedAlone_When_SizesDiffer(string processorClass)
    {
        var processor = new ImageProcessor(ImageProcessorConfig.Defaults(processorClass));
        (byte[], int, int)[] images = [(Image(17, 299, 1), 17, 299), (Image(245, 267, 2), 245, 267), (Image(224, 224, 3), 224, 224)];

        using var batch = processor.Preprocess(images);

        Assert.Equal(new long[] { 3, 3, 224, 224 }, batch.shape);
        for (int i = 0; i < images.Length; i++)
        {
            var (pixels, h, w) = images[i];
            using var alone = processor.Preprocess(pixels, 1, h, w);
            using var row = batch[i];
            Assert.True(row.data<float>().ToArray().SequenceEqual(alone.data<float>().ToArray()), $"image {i} ({h}×{w}) differs");
        }
    }

    [Fact]
    public void Should_RefuseToStack_When_TheProcessorNeitherResizesNorCrops()
    {
        var processor = new ImageProcessor(ImageProcessorConfig.Defaults("ViTImageProcessor") with { DoResize = false });

        var e = Assert.Throws<ArgumentException>(() => processor.Preprocess([(Image(4, 5, 1), 4, 5), (Image(5, 4, 2), 5, 4)]));

        Assert.Contains("cannot be batched", e.Message);
    }
}
