using Workflow.Core.Data;
using Xunit.Abstractions;

namespace Workflow.Core.Tests.Data;

public sealed class CalibrationDatasetTests(ITestOutputHelper output)
{
    /// <summary>
    /// Tolerance on |TwoNN(pixels) − d| at N = 500 per class. TwoNN's own error at this N is the floor: on the
    /// latent coordinates themselves (uniform in a d-cube, no rendering at all) the same estimator gives
    /// 1.07, 2.00, 2.73, 3.52, 4.72, 5.92, 6.95, 6.88, 8.02, 9.80 for d = 1…8, 10, 12 — a statistical spread of
    /// roughly d/√N ≈ 0.05 d plus a downward bias from the cube's boundary that grows with d (≈ −15% at d = 8–12).
    /// Hence 0.25 + 0.15 d up to d = 6 and 0.25 d above.
    /// </summary>
    private static double Tolerance(int d) => d <= 6 ? 0.25 + 0.15 * d : 0.25 * d;

    [Fact]
    public void Should_RecoverLatentDimensionWithinTolerance_When_TwoNnRunsOnRawPixels()
    {
        LabeledImages train = CalibrationDataset.Generate(DatasetSplit.Train, CalibrationDataset.ReferencePerClass, seed: 0);

        foreach (CalibrationClass cls in CalibrationDataset.Classes)
        {
            double pixels = ReferenceTwoNn.Fit(PixelVectors(train, cls.Label), train.ImageSize);
            double latent = ReferenceTwoNn.Fit(CalibrationDataset.SampleLatents(cls.Label, DatasetSplit.Train, CalibrationDataset.ReferencePerClass, 0));
            output.WriteLine($"{cls.Name}: d={cls.LatentDims} pixels={pixels:F2} latent={latent:F2}");

            Assert.True(Math.Abs(pixels - cls.LatentDims) <= Tolerance(cls.LatentDims),
                $"{cls.Name}: TwoNN on pixels = {pixels:F2}, expected {cls.LatentDims} ± {Tolerance(cls.LatentDims):F2}");
            // The render must not add or hide dimensions: pixel space agrees with the latent cube itself.
            Assert.True(Math.Abs(pixels - latent) <= 0.15 + 0.1 * cls.LatentDims,
                $"{cls.Name}: TwoNN on pixels = {pixels:F2} but on the latent coordinates = {latent:F2}");
        }
    }

    [Fact]
    public void Should_ProduceIdenticalBytes_When_GeneratedTwiceWithSameSeed()
    {
        LabeledImages first = CalibrationDataset.Generate(DatasetSplit.Test, 5, seed: 3);
        LabeledImages second = CalibrationDataset.Generate(DatasetSplit.Test, 5, seed: 3);
        LabeledImages other = CalibrationDataset.Generate(DatasetSplit.Test, 5, seed: 4);

        Assert.Equal(first.Pixels, second.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 5)), first.Labels);
    }

    [Fact]
    public void Should_HaveNoDuplicateImages_When_GeneratedAtReferenceSize()
    {
        LabeledImages train = CalibrationDataset.Generate(DatasetSplit.Train, CalibrationDataset.ReferencePerClass, seed: 0);
        var seen = new HashSet<string>();
        for (int i = 0; i < train.Count; i++) Assert.True(seen.Add(Convert.ToBase64String(train.Image(i))), $"image {i} is a duplicate");
    }

    [Fact]
    public void Should_SpanOneToEightAndBeyond_When_ListingClasses()
    {
        int[] dims = CalibrationDataset.Classes.Select(c => c.LatentDims).ToArray();

        Assert.Equal(10, dims.Length);
        Assert.Subset(dims.ToHashSet(), Enumerable.Range(1, 8).ToHashSet());
        Assert.All(CalibrationDataset.Classes, c => Assert.Equal(c.LatentDims, c.Factors.Distinct().Count()));
    }

    [Fact]
    public void Should_BeReadableByCifar10Reader_When_WrittenToFolder()
    {
        string folder = Directory.CreateTempSubdirectory("idim-cal-").FullName;
        try
        {
            CalibrationDataset.Write(folder, trainPerClass: 4, testPerClass: 2, seed: 1);

            CifarRecords train = CifarRecordReader.ReadFiles([Path.Combine(folder, "data_batch_1.bin")], CifarRecordLayout.Cifar10, LabelKind.Fine);
            LabeledImages expected = CalibrationDataset.Generate(DatasetSplit.Train, 4, seed: 1);
            Assert.Equal(expected.Pixels, train.Pixels);
            Assert.Equal(expected.Labels, train.Labels);
            Assert.Equal(20, new FileInfo(Path.Combine(folder, "test_batch.bin")).Length / 3073);
            Assert.Equal(CalibrationDataset.ClassNames, CifarClassNames.Read(Path.Combine(folder, "batches.meta.txt"), 10));
            IReadOnlyDictionary<string, int> dims = CalibrationDataset.ReadLatentDims(folder);
            Assert.Equal(8, dims["d8"]);
            Assert.True(CalibrationDataset.IsCurrent(folder, 4, 2, 1));
            Assert.False(CalibrationDataset.IsCurrent(folder, 4, 2, 2));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float[] PixelVectors(LabeledImages images, int label)
    {
        int[] positions = images.PositionsOf(label);
        var points = new float[positions.Length * images.ImageSize];
        for (int i = 0; i < positions.Length; i++)
        {
            ReadOnlySpan<byte> image = images.Image(positions[i]);
            for (int k = 0; k < image.Length; k++) points[i * images.ImageSize + k] = image[k];
        }
        return points;
    }
}
