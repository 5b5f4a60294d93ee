namespace Workflow.Core.Images;

/// <summary>Reads JPEG marker segments up to the first scan, without decoding anything.</summary>
internal static class JpegMarkers
{
    /// <summary>Whether an APP14 segment starting with "Adobe" precedes the first scan (libjpeg's <c>saw_Adobe_marker</c>).</summary>
    public static bool HasAdobeMarker(ReadOnlySpan<byte> data)
    {
        int i = 2; // after SOI
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF) return false;
            byte marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker == 0xDA || marker == 0xD9) return false; // start of scan / end of image
            int length = (data[i + 2] << 8) | data[i + 3];
            if (length < 2) return false;
            if (marker == 0xEE && i + 4 + 5 <= data.Length && data.Slice(i + 4, 5).SequenceEqual("Adobe"u8)) return true;
            i += 2 + length;
        }
        return false;
    }
}
