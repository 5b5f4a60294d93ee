using NetVips;
using VipsImage = NetVips.Image;

namespace Workflow.Core.Images;

/// <summary>
/// Decodes PNG and JPEG files to the RGB array Pillow gives for <c>np.asarray(Image.open(f).convert("RGB"))</c>, which
/// is what Hugging Face image processors receive. The decoding itself is libvips' (NetVips.Native: libjpeg-turbo's
/// decoder, built as mozjpeg, and libspng/libpng): for JPEG it keeps libjpeg's defaults — the accurate integer IDCT
/// (<c>JDCT_ISLOW</c>) and fancy (triangle-filter) chroma upsampling — which are also Pillow's, so the YCbCr→RGB output is
/// the same bytes. libvips returns the raw samples (no colour management, no EXIF rotation, which Pillow's
/// <c>Image.open</c> does not apply either); <see cref="PillowRgbConversion"/> then applies Pillow's own mode rules.
/// Thread-safe; corrupt or truncated files throw <see cref="ImageDecodeException"/> naming the file — never a grey image
/// (libvips would otherwise fill a truncated JPEG's missing rows).
/// </summary>
public static class PillowImageDecoder
{
    static PillowImageDecoder()
    {
        // Each image is decoded once: libvips' operation cache would only hold memory.
        NetVips.Cache.Max = 0;
        NetVips.Cache.MaxFiles = 0;
        // Callers decode many images in parallel; one libvips worker per image keeps it at one core each.
        NetVips.NetVips.Concurrency = 1;
        // Only the PNG and JPEG loaders are called, by name; refuse libvips' loaders not meant for untrusted input anyway.
        NetVips.NetVips.BlockUntrusted = true;
    }

    /// <summary>Decodes the file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageDecodeException">Not a PNG or JPEG, corrupt or truncated.</exception>
    public static RgbImage DecodeFile(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes encoded bytes; <paramref name="source"/> names them in errors (a path or a dataset row).</summary>
    /// <exception cref="ImageDecodeException">Not a PNG or JPEG, corrupt or truncated.</exception>
    public static RgbImage Decode(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        ImageFormat format = ImageSignature.Detect(data);
        if (format == ImageFormat.Unknown)
            throw new ImageDecodeException(source, "not a PNG or JPEG file (unrecognised signature). idim reads PNG and JPEG; convert other formats first.");
        try
        {
            // FailOn.Error: libvips fails on truncated data and decoder errors instead of padding the image.
            using VipsImage image = format == ImageFormat.Png
                ? VipsImage.PngloadBuffer(data, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error)
                : VipsImage.JpegloadBuffer(data, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error, autorotate: false);
            return format == ImageFormat.Png ? FromPng(image, data, source) : FromJpeg(image, data, source);
        }
        catch (VipsException e)
        {
            throw new ImageDecodeException(source, $"the {format.ToString().ToUpperInvariant()} data is corrupt or truncated ({FirstLine(e.Message)}).", e);
        }
    }

    private static RgbImage FromPng(VipsImage image, byte[] data, string source)
    {
        var header = ImageSignature.PngHeader(data) ?? throw new ImageDecodeException(source, "the PNG has no IHDR chunk.");
        int pixels = image.Width * image.Height;
        int bands = image.Bands;
        if (bands is < 1 or > 4) throw new ImageDecodeException(source, $"unexpected {bands} bands from the PNG decoder.");
        byte[] rgb;
        if (image.Format == Enums.BandFormat.Ushort)
        {
            ushort[] samples = ReadSamples<ushort>(image);
            // Pillow: 16-bit grey (colour type 0) is mode I and clips; with tRNS libvips adds an alpha band, Pillow does not.
            rgb = PillowRgbConversion.FromBands16(samples, pixels, bands, clipGrey: header.ColourType == 0);
        }
        else if (image.Format == Enums.BandFormat.Uchar)
        {
            rgb = PillowRgbConversion.FromBands8(ReadSamples<byte>(image), pixels, bands);
        }
        else
        {
            throw new ImageDecodeException(source, $"unexpected sample format {image.Format} from the PNG decoder.");
        }
        return new RgbImage(image.Height, image.Width, rgb);
    }

    private static RgbImage FromJpeg(VipsImage image, byte[] data, string source)
    {
        if (image.Format != Enums.BandFormat.Uchar)
            throw new ImageDecodeException(source, $"unsupported JPEG sample format {image.Format} (12-bit JPEG?). Pillow reads 8-bit JPEG only.");
        int pixels = image.Width * image.Height;
        byte[] samples = ReadSamples<byte>(image);
        byte[] rgb = image.Bands switch
        {
            1 or 3 => PillowRgbConversion.FromBands8(samples, pixels, image.Bands),
            // libvips inverts CMYK only when the file has an Adobe APP14 marker; Pillow always reads CMYK as inverted.
            4 => PillowRgbConversion.FromCmyk(samples, pixels, alreadyInverted: JpegMarkers.HasAdobeMarker(data)),
            _ => throw new ImageDecodeException(source, $"unsupported JPEG with {image.Bands} components."),
        };
        return new RgbImage(image.Height, image.Width, rgb);
    }

    private static T[] ReadSamples<T>(VipsImage image) where T : unmanaged => image.WriteToMemory<T>();

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
}
