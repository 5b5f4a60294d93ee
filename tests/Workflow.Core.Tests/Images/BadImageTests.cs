using Workflow.Core.Images;

namespace Workflow.Core.Tests.Images;

public sealed class BadImageTests
{
    private static byte[] Fixture(string relative) => File.ReadAllBytes(Path.Combine(PillowReference.Folder, relative));

    [Theory]
    [InlineData("apple/apple_05_RGB.jpg")]
    [InlineData("apple/apple_07_RGB.jpg")]
    [InlineData("cloud/cloud_00_RGB.png")]
    public void Should_ThrowNamingTheFile_When_ImageIsTruncated(string relative)
    {
        byte[] data = Fixture(relative);
        byte[] truncated = data[..(data.Length / 2)];

        var e = Assert.Throws<ImageDecodeException>(() => PillowImageDecoder.Decode(truncated, "photos/" + relative));

        Assert.Equal("photos/" + relative, e.ImageSource);
        Assert.Contains("photos/" + relative, e.Message);
    }

    [Fact]
    public void Should_Throw_When_PngDataIsCorrupt()
    {
        byte[] data = Fixture("apple/apple_02_L.png");
        for (int i = 100; i < 400; i++) data[i] ^= 0x5A; // inside the first IDAT: the CRC and the zlib stream break

        Assert.Throws<ImageDecodeException>(() => PillowImageDecoder.Decode(data, "corrupt.png"));
    }

    [Fact]
    public void Should_SayWhichFormatsAreRead_When_FileIsNotPngOrJpeg()
    {
        var e = Assert.Throws<ImageDecodeException>(() => PillowImageDecoder.Decode("GIF89a......"u8.ToArray(), "cat.gif"));

        Assert.Contains("cat.gif", e.Message);
        Assert.Contains("PNG and JPEG", e.Message);
    }
}
