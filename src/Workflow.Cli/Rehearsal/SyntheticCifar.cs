using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Workflow.Core.Data;

namespace Workflow.Cli.Rehearsal;

/// <summary>
/// CIFAR archives in the official layout (member names, record layout, class-name files; see CifarArchive) with
/// random pixels: <paramref name="perClass"/> training images per class, a tenth as many test images.
/// </summary>
internal static class SyntheticCifar
{
    public static readonly string[] Cifar10Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Writes the archive of <paramref name="dataset"/> to <paramref name="path"/>.</summary>
    public static void Write(DatasetName dataset, string path, int perClass, int seed)
    {
        var random = new Random(seed);
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        if (dataset == DatasetName.Cifar10)
        {
            Directory(tar, "cifar-10-batches-bin/");
            Member(tar, "cifar-10-batches-bin/batches.meta.txt", Encoding.ASCII.GetBytes(string.Join('\n', Cifar10Names) + "\n\n"));
            // 5 training batches share the images of each class; the labels cycle through the classes.
            int total = perClass * 10, perBatch = (total + 4) / 5;
            for (int b = 1; b <= 5; b++)
                Member(tar, $"cifar-10-batches-bin/data_batch_{b}.bin", Records(random, Math.Min(perBatch, total - (b - 1) * perBatch), (b - 1) * perBatch, 10, coarse: false));
            Member(tar, "cifar-10-batches-bin/test_batch.bin", Records(random, Math.Max(10, total / 10), 0, 10, coarse: false));
            Member(tar, "cifar-10-batches-bin/readme.html", "<meta HTTP-EQUIV=\"REFRESH\" content=\"0; url=http://www.cs.toronto.edu/~kriz/cifar.html\">\n"u8.ToArray());
        }
        else
        {
            Directory(tar, "cifar-100-binary/");
            Member(tar, "cifar-100-binary/coarse_label_names.txt", Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 20).Select(i => $"superclass_{i}")) + "\n"));
            Member(tar, "cifar-100-binary/fine_label_names.txt", Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 100).Select(i => $"class_{i}")) + "\n"));
            Member(tar, "cifar-100-binary/train.bin", Records(random, perClass * 100, 0, 100, coarse: true));
            Member(tar, "cifar-100-binary/test.bin", Records(random, Math.Max(100, perClass * 10), 0, 100, coarse: true));
        }
    }

    /// <summary>Records: [coarse,] label, then 3 × 1024 planar bytes (R, G, B planes of 32 × 32).</summary>
    private static byte[] Records(Random random, int count, int first, int classes, bool coarse)
    {
        int header = coarse ? 2 : 1, size = header + 3072;
        var bytes = new byte[Math.Max(0, count) * size];
        for (int i = 0; i < count; i++)
        {
            int label = (first + i) % classes;
            if (coarse) bytes[i * size] = (byte)(label / 5);
            bytes[i * size + header - 1] = (byte)label;
            random.NextBytes(bytes.AsSpan(i * size + header, 3072));
        }
        return bytes;
    }

    private static void Directory(TarWriter tar, string name) => tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, name));

    private static void Member(TarWriter tar, string name, byte[] data) =>
        tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
