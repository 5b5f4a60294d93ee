using System.Diagnostics;
using Workflow.Core.Data;
using Xunit.Abstractions;

namespace Workflow.Core.Tests.Benchmarks;

/// <summary>
/// Throughput figures for docs/benchmarks.md (issue 5). Skipped unless IDIM_BENCH=1; they print, never assert on time:
/// <c>IDIM_BENCH=1 dotnet test tests/Workflow.Core.Tests -c Release --filter Category=Benchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class DatasetBenchmarks(ITestOutputHelper output)
{
    private static void SkipUnlessAsked() =>
        Skip.IfNot(Environment.GetEnvironmentVariable("IDIM_BENCH") == "1", "benchmark: set IDIM_BENCH=1 to run");

    [SkippableFact]
    public void Should_ReportThroughput_When_ReadingCifar10SizedBatches()
    {
        SkipUnlessAsked();
        string folder = Directory.CreateTempSubdirectory("idim-bench-").FullName;
        try
        {
            // 5 × 10,000 records = the CIFAR-10 training set (153,650,000 bytes).
            var paths = new List<string>();
            for (int b = 1; b <= 5; b++)
            {
                string path = Path.Combine(folder, $"data_batch_{b}.bin");
                var bytes = new byte[10_000 * 3073];
                var random = new DeterministicRandom((ulong)b);
                for (int i = 0; i < bytes.Length; i += 8) BitConverter.TryWriteBytes(bytes.AsSpan(i, Math.Min(8, bytes.Length - i)), random.NextUInt64());
                for (int r = 0; r < 10_000; r++) bytes[r * 3073] = (byte)(r % 10);
                File.WriteAllBytes(path, bytes);
                paths.Add(path);
            }
            CifarRecordReader.ReadFiles(paths.Take(1).ToArray(), CifarRecordLayout.Cifar10, LabelKind.Fine); // warm-up
            var times = new List<double>();
            for (int run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                CifarRecords records = CifarRecordReader.ReadFiles(paths, CifarRecordLayout.Cifar10, LabelKind.Fine);
                times.Add(watch.Elapsed.TotalSeconds);
                Assert.Equal(50_000, records.Count);
            }
            double best = times.Min();
            var subsample = Stopwatch.StartNew();
            var images = new LabeledImages(32, 32, CifarRecordReader.ReadFiles(paths, CifarRecordLayout.Cifar10, LabelKind.Fine).Pixels,
                Enumerable.Range(0, 50_000).Select(r => r % 10).ToArray(), Enumerable.Range(0, 50_000).ToArray(), CifarTestNames);
            double subsampleSeconds = Measure(() => PerClassSubsampler.Subsample(images, 500, 0));
            output.WriteLine($"read 50,000 CIFAR-10 records (153.65 MB, page cache warm): best of 3 = {best:F3} s " +
                             $"→ {50_000 / best:N0} images/s, {153.65 / best:F0} MB/s; runs: {string.Join(", ", times.Select(t => t.ToString("F3")))} s");
            output.WriteLine($"per-class subsample 500 × 10 from 50,000: {subsampleSeconds * 1000:F1} ms");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public void Should_ReportTime_When_GeneratingCalibrationDataset()
    {
        SkipUnlessAsked();
        CalibrationDataset.Generate(DatasetSplit.Test, 10, 0); // warm-up (JIT)
        double train = Measure(() => CalibrationDataset.Generate(DatasetSplit.Train, 500, 0));
        double test = Measure(() => CalibrationDataset.Generate(DatasetSplit.Test, 100, 0));
        string folder = Directory.CreateTempSubdirectory("idim-bench-cal-").FullName;
        double write = Measure(() => CalibrationDataset.Write(folder));
        Directory.Delete(folder, recursive: true);
        output.WriteLine($"calibration generate 5,000 train images: {train:F2} s ({5_000 / train:N0} images/s, {Environment.ProcessorCount} logical CPUs); " +
                         $"1,000 test: {test:F2} s; full Write (both splits + files): {write:F2} s");
    }

    private static readonly string[] CifarTestNames = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];

    private static double Measure(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
