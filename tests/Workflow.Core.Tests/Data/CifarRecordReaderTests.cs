using Workflow.Core.Data;

namespace Workflow.Core.Tests.Data;

public sealed class CifarRecordReaderTests
{
    [Fact]
    public void Should_ConvertChannelPlanarToNhwc_When_ReadingCifar10Records()
    {
        byte[] batch = CifarTestArchive.Cifar10Batch(fileIndex: 2, records: 3);

        CifarRecords records = CifarRecordReader.Read(new MemoryStream(batch), "batch", CifarRecordLayout.Cifar10, LabelKind.Fine);

        Assert.Equal(3, records.Count);
        Assert.Equal([2, 3, 4], records.Labels);
        for (int i = 0; i < 3; i++)
            foreach ((int y, int x) in new[] { (0, 0), (0, 31), (5, 7), (31, 0), (31, 31) })
                for (int c = 0; c < 3; c++)
                    Assert.Equal(CifarTestArchive.PlanarValue(2, i, c, y * 32 + x), records.Pixels[((i * 32 + y) * 32 + x) * 3 + c]);
    }

    [Fact]
    public void Should_PickCoarseOrFineByte_When_ReadingCifar100Records()
    {
        byte[] batch = CifarTestArchive.Cifar100Batch(fileIndex: 0, records: 25);

        CifarRecords fine = CifarRecordReader.Read(new MemoryStream(batch), "train.bin", CifarRecordLayout.Cifar100, LabelKind.Fine);
        CifarRecords coarse = CifarRecordReader.Read(new MemoryStream(batch), "train.bin", CifarRecordLayout.Cifar100, LabelKind.Coarse);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (3 * i + 1) % 100), fine.Labels);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i % 20), coarse.Labels);
        Assert.Equal(fine.Pixels, coarse.Pixels);
        Assert.Equal(CifarTestArchive.PlanarValue(0, 24, 2, 1023), fine.Pixels[(24 * 1024 + 1023) * 3 + 2]);
    }

    [Fact]
    public void Should_RoundTrip_When_PlanarConvertedToInterleavedAndBack()
    {
        byte[] planar = Enumerable.Range(0, 3072).Select(i => (byte)(i * 13 % 251)).ToArray();
        var interleaved = new byte[3072];
        var back = new byte[3072];

        CifarRecordReader.PlanarToInterleaved(planar, interleaved);
        CifarRecordReader.InterleavedToPlanar(interleaved, back);

        Assert.Equal(planar[1024 + 5], interleaved[3 * 5 + 1]); // G of pixel 5
        Assert.Equal(planar, back);
    }

    [Fact]
    public void Should_ThrowClearError_When_RecordFileIsTruncated()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("idim-trunc-").FullName, "data_batch_1.bin");
        File.WriteAllBytes(path, CifarTestArchive.Cifar10Batch(1, 4)[..(3 * 3073 + 100)]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => CifarRecordReader.ReadFiles([path], CifarRecordLayout.Cifar10, LabelKind.Fine));

            Assert.Contains(path, error.Message);
            Assert.Contains("3073", error.Message);
            Assert.Contains("3 whole records + 100 bytes", error.Message);
            Assert.Contains("What to do", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Should_RejectCoarseLabels_When_LayoutIsCifar10()
    {
        Assert.Throws<ArgumentException>(() =>
            CifarRecordReader.Read(new MemoryStream(CifarTestArchive.Cifar10Batch(0, 1)), "b", CifarRecordLayout.Cifar10, LabelKind.Coarse));
    }
}
