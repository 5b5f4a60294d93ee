using Workflow.Core.Images;

namespace Workflow.Core.Tests.Images;

/// <summary>
/// PNG modes the fixture folder lacks, against Pillow 9.4's documented rules (PngImagePlugin._MODES, Unpack.c, Convert.c):
/// the expected values are closed forms of those rules, not this decoder's output.
/// </summary>
public sealed class PillowModeRuleTests
{
    private static byte[] Big16(params int[] values) => values.SelectMany(v => new[] { (byte)(v >> 8), (byte)v }).ToArray();

    [Fact]
    public void Should_ClipToWhite_When_PngIs16BitGrey()
    {
        // Pillow opens 16-bit grey as mode I (rawmode I;16B); i2rgb clips to [0, 255] rather than taking the high byte.
        byte[] png = TestPng.Encode(5, 1, 16, 0, [Big16(0, 100, 255, 256, 65535)]);

        RgbImage image = PillowImageDecoder.Decode(png, "grey16.png");

        Assert.Equal(new byte[] { 0, 0, 0, 100, 100, 100, 255, 255, 255, 255, 255, 255, 255, 255, 255 }, image.Pixels);
    }

    [Fact]
    public void Should_KeepTheHighByte_When_PngIs16BitRgbOrRgba()
    {
        byte[] rgb = TestPng.Encode(1, 1, 16, 2, [Big16(0x1234, 0xABCD, 0x00FF)]);
        byte[] rgba = TestPng.Encode(1, 1, 16, 6, [Big16(0x1234, 0xABCD, 0x00FF, 0x0000)]);

        Assert.Equal(new byte[] { 0x12, 0xAB, 0x00 }, PillowImageDecoder.Decode(rgb, "rgb16.png").Pixels);
        Assert.Equal(new byte[] { 0x12, 0xAB, 0x00 }, PillowImageDecoder.Decode(rgba, "rgba16.png").Pixels);
    }

    [Fact]
    public void Should_ScaleLowBitDepthGrey_When_PngHas1Or4BitSamples()
    {
        // 1-bit opens as mode "1" (0 → 0, 1 → 255); 4-bit as L via rawmode L;4 (v × 17).
        byte[] oneBit = TestPng.Encode(3, 1, 1, 0, [[0b1010_0000]]);
        byte[] fourBit = TestPng.Encode(2, 1, 4, 0, [[0x5F]]);

        Assert.Equal(new byte[] { 255, 255, 255, 0, 0, 0, 255, 255, 255 }, PillowImageDecoder.Decode(oneBit, "1bit.png").Pixels);
        Assert.Equal(new byte[] { 85, 85, 85, 255, 255, 255 }, PillowImageDecoder.Decode(fourBit, "4bit.png").Pixels);
    }

    [Fact]
    public void Should_IgnoreTransparency_When_PaletteHasTrns()
    {
        // P → RGB looks up the palette; the tRNS alpha is not composited.
        byte[] png = TestPng.Encode(2, 1, 8, 3, [[1, 0]], palette: [10, 20, 30, 200, 150, 100], transparency: [0, 0]);

        Assert.Equal(new byte[] { 200, 150, 100, 10, 20, 30 }, PillowImageDecoder.Decode(png, "p-trns.png").Pixels);
    }

    [Fact]
    public void Should_IgnoreTrnsColour_When_RgbPngHasOne()
    {
        byte[] png = TestPng.Encode(1, 1, 8, 2, [[7, 8, 9]], transparency: [0, 7, 0, 8, 0, 9]);

        Assert.Equal(new byte[] { 7, 8, 9 }, PillowImageDecoder.Decode(png, "rgb-trns.png").Pixels);
    }
}
