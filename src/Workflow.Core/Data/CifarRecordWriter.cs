namespace Workflow.Core.Data;

/// <summary>Writes images in the CIFAR-10 binary record layout (label byte + channel-planar pixels), the inverse of
/// <see cref="CifarRecordReader"/>; used by the calibration dataset, tests and benchmarks.</summary>
public static class CifarRecordWriter
{
    /// <summary>Writes <paramref name="images"/> (32×32) as CIFAR-10 records to <paramref name="stream"/>.</summary>
    public static void WriteCifar10(Stream stream, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Height != CifarRecordReader.Side || images.Width != CifarRecordReader.Side)
            throw new ArgumentException($"CIFAR records hold 32×32 images, found {images.Height}×{images.Width}.", nameof(images));
        byte[] record = new byte[CifarRecordReader.RecordBytes(CifarRecordLayout.Cifar10)];
        for (int i = 0; i < images.Count; i++)
        {
            if (images.Labels[i] > byte.MaxValue) throw new ArgumentException($"Label {images.Labels[i]} does not fit a byte.", nameof(images));
            record[0] = (byte)images.Labels[i];
            CifarRecordReader.InterleavedToPlanar(images.Image(i), record.AsSpan(1));
            stream.Write(record);
        }
    }
}
