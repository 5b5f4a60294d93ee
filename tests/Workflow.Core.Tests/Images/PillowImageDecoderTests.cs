using Workflow.Core.Images;

namespace Workflow.Core.Tests.Images;

public sealed class PillowImageDecoderTests
{
    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in PillowReference.Files()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Should_DecodeByteForByteAsPillow_When_FixtureFileIsDecoded(string relative)
    {
        var (expected, shape) = PillowReference.Array(relative);

        RgbImage image = PillowImageDecoder.DecodeFile(Path.Combine(PillowReference.Folder, relative));

        Assert.Equal([image.Height, image.Width, 3], shape.Select(s => (int)s).ToArray());
        int mismatches = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != image.Pixels[i]) { mismatches++; if (first < 0) first = i; }
        Assert.True(mismatches == 0, $"{relative}: {mismatches} of {expected.Length} bytes differ from Pillow (first at {first}: expected {(first >= 0 ? expected[first] : 0)}, got {(first >= 0 ? image.Pixels[first] : 0)})");
    }
}
