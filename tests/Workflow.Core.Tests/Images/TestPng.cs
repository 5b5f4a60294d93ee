using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Workflow.Core.Tests.Images;

/// <summary>Writes minimal valid PNG files (IHDR, optional PLTE/tRNS, one IDAT, IEND) from unfiltered scanlines, per the PNG spec.</summary>
internal static class TestPng
{
    public static byte[] Encode(int width, int height, int bitDepth, int colourType, byte[][] rows, byte[]? palette = null, byte[]? transparency = null)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colourType;
        Chunk(png, "IHDR", ihdr);
        if (palette is not null) Chunk(png, "PLTE", palette);
        if (transparency is not null) Chunk(png, "tRNS", transparency);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            foreach (byte[] row in rows)
            {
                z.WriteByte(0); // filter type None
                z.Write(row);
            }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }
}
