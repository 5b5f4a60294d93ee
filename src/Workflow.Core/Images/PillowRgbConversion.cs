namespace Workflow.Core.Images;

/// <summary>
/// Pillow 9.4's rules for <c>Image.convert("RGB")</c> applied to the raw samples a decoder returns
/// (<c>src/libImaging/Convert.c</c>, <c>Unpack.c</c>; mode choice in <c>PngImagePlugin._MODES</c>, <c>JpegImagePlugin</c>):
/// <list type="bullet">
/// <item>L, LA, P, RGB, RGBA (8-bit): grey is replicated, alpha and transparency are dropped (no compositing), a palette
/// is looked up.</item>
/// <item>16-bit RGB, RGBA, LA PNGs are unpacked by Pillow as <c>RGB;16B</c>/<c>RGBA;16B</c>/<c>LA;16B</c>: the high byte.</item>
/// <item>16-bit grey PNGs open as mode <c>I</c> (<c>I;16B</c>) and <c>i2rgb</c> <em>clips</em> to [0, 255] — not the high
/// byte, so a 16-bit scan is mostly white; that is what transformers then sees.</item>
/// <item>CMYK JPEGs are read as <c>CMYK;I</c> (Adobe's inverted convention, always) and <c>cmyk2rgb</c> gives
/// <c>255 − k − c·(255 − k)/255</c> rounded as MULDIV255.</item>
/// </list>
/// </summary>
public static class PillowRgbConversion
{
    /// <summary>Interleaved 8-bit samples with <paramref name="bands"/> bands (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) → RGB.</summary>
    public static byte[] FromBands8(ReadOnlySpan<byte> samples, int pixels, int bands)
    {
        var rgb = new byte[pixels * 3];
        switch (bands)
        {
            case 1 or 2:
                for (int p = 0; p < pixels; p++)
                {
                    byte v = samples[p * bands];
                    rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = v;
                }
                break;
            case 3:
                samples[..(pixels * 3)].CopyTo(rgb);
                break;
            case 4:
                for (int p = 0; p < pixels; p++)
                {
                    rgb[p * 3] = samples[p * 4];
                    rgb[p * 3 + 1] = samples[p * 4 + 1];
                    rgb[p * 3 + 2] = samples[p * 4 + 2];
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bands), bands, "expected 1 to 4 bands");
        }
        return rgb;
    }

    /// <summary>
    /// Interleaved 16-bit samples → RGB. <paramref name="clipGrey"/>: the image is Pillow mode <c>I</c> (16-bit grey PNG
    /// without an alpha channel), whose values are clipped to 255; otherwise the high byte of each sample is kept.
    /// </summary>
    public static byte[] FromBands16(ReadOnlySpan<ushort> samples, int pixels, int bands, bool clipGrey)
    {
        var high = new byte[pixels * bands];
        for (int i = 0; i < high.Length; i++)
        {
            ushort v = samples[i];
            high[i] = clipGrey ? (byte)Math.Min(v, (ushort)255) : (byte)(v >> 8);
        }
        return FromBands8(high, pixels, bands);
    }

    /// <summary>
    /// Libjpeg's CMYK samples (as stored) → RGB the way Pillow does it: invert (<c>CMYK;I</c>) unless the decoder already
    /// inverted (<paramref name="alreadyInverted"/>), then <c>cmyk2rgb</c>.
    /// </summary>
    public static byte[] FromCmyk(ReadOnlySpan<byte> samples, int pixels, bool alreadyInverted)
    {
        var rgb = new byte[pixels * 3];
        for (int p = 0; p < pixels; p++)
        {
            int k = Sample(samples[p * 4 + 3], alreadyInverted);
            int nk = 255 - k;
            for (int c = 0; c < 3; c++)
            {
                int v = Sample(samples[p * 4 + c], alreadyInverted);
                rgb[p * 3 + c] = Clip8(nk - MulDiv255(v, nk));
            }
        }
        return rgb;
    }

    private static int Sample(byte stored, bool alreadyInverted) => alreadyInverted ? stored : 255 - stored;

    /// <summary>Pillow's <c>MULDIV255(a, b, tmp)</c>: (a·b + 128) / 255 rounded with the shift trick.</summary>
    private static int MulDiv255(int a, int b)
    {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static byte Clip8(int v) => (byte)Math.Clamp(v, 0, 255);
}
