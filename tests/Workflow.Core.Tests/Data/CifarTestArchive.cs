using System.Formats.Tar;
using System.IO.Compression;
using Workflow.Core.Data;
using Workflow.Core.Net;

namespace Workflow.Core.Tests.Data;

/// <summary>Builds small CIFAR archives in the exact official layout (member names, record layout) with known pixels.</summary>
internal static class CifarTestArchive
{
    /// <summary>The planar byte of record <paramref name="record"/> (within its file), channel c, plane position p.</summary>
    public static byte PlanarValue(int fileIndex, int record, int channel, int position) =>
        (byte)((fileIndex * 31 + record * 7 + channel * 85 + position) % 256);

    /// <summary>A CIFAR-10 record file: label of record i = (i + fileIndex) % 10.</summary>
    public static byte[] Cifar10Batch(int fileIndex, int records)
    {
        var bytes = new byte[records * 3073];
        for (int i = 0; i < records; i++)
        {
            bytes[i * 3073] = (byte)((i + fileIndex) % 10);
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < 1024; p++) bytes[i * 3073 + 1 + c * 1024 + p] = PlanarValue(fileIndex, i, c, p);
        }
        return bytes;
    }

    /// <summary>A CIFAR-100 record file: coarse = i % 20, fine = (3 i + 1) % 100.</summary>
    public static byte[] Cifar100Batch(int fileIndex, int records)
    {
        var bytes = new byte[records * 3074];
        for (int i = 0; i < records; i++)
        {
            bytes[i * 3074] = (byte)(i % 20);
            bytes[i * 3074 + 1] = (byte)((3 * i + 1) % 100);
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < 1024; p++) bytes[i * 3074 + 2 + c * 1024 + p] = PlanarValue(fileIndex, i, c, p);
        }
        return bytes;
    }

    public static readonly string[] Cifar10Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>cifar-10-binary.tar.gz layout: <c>cifar-10-batches-bin/{batches.meta.txt, data_batch_1..5.bin, test_batch.bin, readme.html}</c>.</summary>
    public static byte[] Cifar10(int recordsPerBatch = 20)
    {
        var members = new List<(string, byte[])>
        {
            ("cifar-10-batches-bin/", []),
            ("cifar-10-batches-bin/batches.meta.txt", System.Text.Encoding.ASCII.GetBytes(string.Join('\n', Cifar10Names) + "\n\n")),
        };
        for (int b = 1; b <= 5; b++) members.Add(($"cifar-10-batches-bin/data_batch_{b}.bin", Cifar10Batch(b, recordsPerBatch)));
        members.Add(("cifar-10-batches-bin/test_batch.bin", Cifar10Batch(0, recordsPerBatch)));
        members.Add(("cifar-10-batches-bin/readme.html", "<html></html>"u8.ToArray()));
        return TarGz(members);
    }

    /// <summary>cifar-100-binary.tar.gz layout: <c>cifar-100-binary/{coarse_label_names.txt, fine_label_names.txt, train.bin, test.bin}</c>.</summary>
    public static byte[] Cifar100(int trainRecords = 200, int testRecords = 100)
    {
        string coarse = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"coarse_{i}")) + "\n";
        string fine = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"fine_{i}")) + "\n";
        return TarGz(
        [
            ("cifar-100-binary/", []),
            ("cifar-100-binary/coarse_label_names.txt", System.Text.Encoding.ASCII.GetBytes(coarse)),
            ("cifar-100-binary/fine_label_names.txt", System.Text.Encoding.ASCII.GetBytes(fine)),
            ("cifar-100-binary/train.bin", Cifar100Batch(1, trainRecords)),
            ("cifar-100-binary/test.bin", Cifar100Batch(0, testRecords)),
        ]);
    }

    /// <summary>The official archive definition pointed at <paramref name="url"/> with this archive's size and md5.</summary>
    public static CifarArchive Spec(CifarArchive official, Uri url, byte[] archive) =>
        official with { Url = url, Size = archive.Length, Md5 = FileHash.ComputeHex(archive, HashAlgorithmKind.Md5) };

    private static byte[] TarGz(IEnumerable<(string Name, byte[] Data)> members)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach ((string name, byte[] data) in members)
            {
                bool directory = name.EndsWith('/');
                var entry = new GnuTarEntry(directory ? TarEntryType.Directory : TarEntryType.RegularFile, name);
                if (!directory) entry.DataStream = new MemoryStream(data);
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }
}
