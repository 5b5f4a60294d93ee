namespace Workflow.Core.Images;

/// <summary>The encoded formats idim decodes, recognised by their signatures (as Pillow's plugins do, not by file extension).</summary>
public enum ImageFormat
{
    /// <summary>Neither PNG nor JPEG.</summary>
    Unknown,

    /// <summary>PNG: signature 89 50 4E 47 0D 0A 1A 0A.</summary>
    Png,

    /// <summary>JPEG: starts with the SOI marker FF D8 FF.</summary>
    Jpeg,
}

/// <summary>Format sniffing and the few header fields Pillow's mode choice depends on.</summary>
public static class ImageSignature
{
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format of <paramref name="data"/> by its first bytes.</summary>
    public static ImageFormat Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngMagic)) return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        return ImageFormat.Unknown;
    }

    /// <summary>
    /// PNG IHDR bit depth and colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA): Pillow's PngImagePlugin picks
    /// the mode from exactly these two fields, and the conversion to RGB depends on the mode.
    /// </summary>
    public static (int BitDepth, int ColourType)? PngHeader(ReadOnlySpan<byte> data)
    {
        // signature (8) + chunk length (4) + "IHDR" (4) + width (4) + height (4) + bit depth (1) + colour type (1)
        if (data.Length < 26 || !data[12..16].SequenceEqual("IHDR"u8)) return null;
        return (data[24], data[25]);
    }
}
