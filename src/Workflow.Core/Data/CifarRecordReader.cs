namespace Workflow.Core.Data;

/// <summary>Labels and NHWC pixels read from CIFAR binary record files.</summary>
/// <param name="Pixels">N×32×32×3 uint8, NHWC row-major.</param>
/// <param name="Labels">The selected label of each record.</param>
public sealed record CifarRecords(byte[] Pixels, int[] Labels)
{
    /// <summary>Number of records.</summary>
    public int Count => Labels.Length;
}

/// <summary>
/// Reads CIFAR binary batches (https://www.cs.toronto.edu/~kriz/cifar.html, "Binary version"): each record is
/// the label byte(s) then 3072 pixel bytes, channel-planar — 1024 R, 1024 G, 1024 B, each plane 32×32 row-major —
/// converted here to interleaved NHWC.
/// </summary>
public static class CifarRecordReader
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 32;

    /// <summary>Pixels per channel plane (32×32).</summary>
    public const int PlaneSize = Side * Side;

    /// <summary>Pixel bytes per record (3 planes).</summary>
    public const int ImageBytes = 3 * PlaneSize;

    /// <summary>Label bytes per record for <paramref name="layout"/>.</summary>
    public static int LabelBytes(CifarRecordLayout layout) => layout == CifarRecordLayout.Cifar100 ? 2 : 1;

    /// <summary>Bytes per record for <paramref name="layout"/> (3073 or 3074).</summary>
    public static int RecordBytes(CifarRecordLayout layout) => LabelBytes(layout) + ImageBytes;

    /// <summary>Reads every record of the files, in order, concatenated.</summary>
    /// <exception cref="InvalidDataException">A file is not a whole number of records (truncated or not a CIFAR batch).</exception>
    public static CifarRecords ReadFiles(IReadOnlyList<string> paths, CifarRecordLayout layout, LabelKind labels)
    {
        ArgumentNullException.ThrowIfNull(paths);
        int recordBytes = RecordBytes(layout);
        long total = 0;
        foreach (string path in paths)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"CIFAR batch file {path} is missing. What to do: run `idim data fetch` (or delete the extracted folder so it is extracted again).", path);
            long length = new FileInfo(path).Length;
            CheckWholeRecords(path, length, layout);
            total += length / recordBytes;
        }
        if (total > int.MaxValue / ImageBytes) throw new InvalidDataException($"Too many records ({total}) to hold in one array.");

        var pixels = new byte[total * ImageBytes];
        var labelArray = new int[total];
        int offset = 0;
        foreach (string path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            offset += ReadInto(stream, path, layout, labels, pixels, labelArray, offset);
        }
        return new CifarRecords(pixels, labelArray);
    }

    /// <summary>Reads all records of <paramref name="stream"/> (to its end).</summary>
    /// <param name="stream">The batch bytes.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <param name="layout">Record layout.</param>
    /// <param name="labels">Which label to keep (coarse only for CIFAR-100).</param>
    public static CifarRecords Read(Stream stream, string sourceName, CifarRecordLayout layout, LabelKind labels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        CheckWholeRecords(sourceName, copy.Length, layout);
        int count = (int)(copy.Length / RecordBytes(layout));
        var pixels = new byte[(long)count * ImageBytes];
        var labelArray = new int[count];
        copy.Position = 0;
        ReadInto(copy, sourceName, layout, labels, pixels, labelArray, 0);
        return new CifarRecords(pixels, labelArray);
    }

    /// <summary>Converts one channel-planar 3072-byte image to interleaved HWC.</summary>
    public static void PlanarToInterleaved(ReadOnlySpan<byte> planar, Span<byte> interleaved)
    {
        if (planar.Length != ImageBytes || interleaved.Length != ImageBytes)
            throw new ArgumentException($"Expected {ImageBytes}-byte spans, found {planar.Length} and {interleaved.Length}.");
        ReadOnlySpan<byte> r = planar[..PlaneSize], g = planar.Slice(PlaneSize, PlaneSize), b = planar.Slice(2 * PlaneSize, PlaneSize);
        for (int p = 0; p < PlaneSize; p++)
        {
            interleaved[3 * p] = r[p];
            interleaved[3 * p + 1] = g[p];
            interleaved[3 * p + 2] = b[p];
        }
    }

    /// <summary>Converts one interleaved HWC image to the channel-planar record order (the inverse of <see cref="PlanarToInterleaved"/>).</summary>
    public static void InterleavedToPlanar(ReadOnlySpan<byte> interleaved, Span<byte> planar)
    {
        if (planar.Length != ImageBytes || interleaved.Length != ImageBytes)
            throw new ArgumentException($"Expected {ImageBytes}-byte spans, found {interleaved.Length} and {planar.Length}.");
        for (int p = 0; p < PlaneSize; p++)
        {
            planar[p] = interleaved[3 * p];
            planar[PlaneSize + p] = interleaved[3 * p + 1];
            planar[2 * PlaneSize + p] = interleaved[3 * p + 2];
        }
    }

    private static int ReadInto(Stream stream, string sourceName, CifarRecordLayout layout, LabelKind labels,
        byte[] pixels, int[] labelArray, int firstRecord)
    {
        if (layout == CifarRecordLayout.Cifar10 && labels == LabelKind.Coarse)
            throw new ArgumentException("CIFAR-10 records have a single label; coarse labels exist only for CIFAR-100.", nameof(labels));
        int recordBytes = RecordBytes(layout);
        int labelIndex = layout == CifarRecordLayout.Cifar100 && labels == LabelKind.Fine ? 1 : 0;
        const int RecordsPerChunk = 256;
        byte[] chunk = new byte[recordBytes * RecordsPerChunk];
        int record = firstRecord;
        while (true)
        {
            int filled = FillBuffer(stream, chunk);
            if (filled == 0) break;
            if (filled % recordBytes != 0)
                throw Truncated(sourceName, (long)(record - firstRecord) * recordBytes + filled, layout);
            for (int offset = 0; offset < filled; offset += recordBytes, record++)
            {
                labelArray[record] = chunk[offset + labelIndex];
                PlanarToInterleaved(chunk.AsSpan(offset + LabelBytes(layout), ImageBytes), pixels.AsSpan(record * ImageBytes, ImageBytes));
            }
            if (filled < chunk.Length) break;
        }
        return record - firstRecord;
    }

    private static int FillBuffer(Stream stream, byte[] buffer)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    private static void CheckWholeRecords(string sourceName, long length, CifarRecordLayout layout)
    {
        if (length == 0 || length % RecordBytes(layout) != 0) throw Truncated(sourceName, length, layout);
    }

    private static InvalidDataException Truncated(string sourceName, long length, CifarRecordLayout layout)
    {
        int recordBytes = RecordBytes(layout);
        return new InvalidDataException(
            $"{sourceName} is not a whole number of {(layout == CifarRecordLayout.Cifar100 ? "CIFAR-100" : "CIFAR-10")} records: " +
            $"expected a non-zero multiple of {recordBytes} bytes, found {length:N0} bytes ({length / recordBytes} whole records + {length % recordBytes} bytes). " +
            "The file is truncated or is not a CIFAR batch. What to do: delete the extracted folder (and the archive if the problem persists) and run `idim data fetch` again.");
    }
}
