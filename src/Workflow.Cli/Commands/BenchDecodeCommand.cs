using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Workflow.Core.Images;
using Workflow.Torch.Preprocessing;
using VipsImage = NetVips.Image;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim bench decode</c>: images/s of decoding JPEGs exactly as Pillow (<see cref="PillowImageDecoder"/>) and of
/// decoding + a model's preprocessing (exact Pillow resize to 224, normalise), on one core and on all of them
/// (docs/benchmarks.md, issue 16). The JPEGs are made here: smoothed noise, q90, 4:2:0 — photo-like entropy at the
/// sizes of ImageNet-class images.
/// </summary>
internal static class BenchDecodeCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--images") { Description = "Number of distinct JPEGs.", DefaultValueFactory = _ => 200 };
        var side = new Option<int>("--side") { Description = "Short side of the JPEGs (the long side is 4/3 of it).", DefaultValueFactory = _ => 256 };
        var processor = new Option<string>("--processor") { Description = "ViTImageProcessor (resize 224 bilinear) or BeitImageProcessor (256 bicubic, crop 224).", DefaultValueFactory = _ => "ViTImageProcessor" };
        var repeats = new Option<int>("--repeats") { Description = "Timed passes over the images (the median is printed).", DefaultValueFactory = _ => 3 };
        var command = new Command("decode", "Time JPEG decoding as Pillow, and decoding + a model's preprocessing, per core and on all cores.")
        {
            count, side, processor, repeats,
        };
        command.SetAction(parse => Run(parse.GetValue(count), parse.GetValue(side), parse.GetValue(processor)!, parse.GetValue(repeats)));
        return command;
    }

    private static int Run(int count, int side, string processorClass, int repeats)
    {
        if (count < 1 || side < 16 || repeats < 1) throw new ArgumentException("--images ≥ 1, --side ≥ 16 and --repeats ≥ 1 are needed.");
        byte[][] jpegs = Enumerable.Range(0, count).Select(i => MakeJpeg(side * 4 / 3, side, i)).ToArray();
        var processor = new ImageProcessor(ImageProcessorConfig.Defaults(processorClass));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} JPEGs of {side * 4 / 3}x{side}, q90 4:2:0, mean {jpegs.Average(j => j.Length) / 1024.0:F1} KiB; {processorClass}; {Environment.ProcessorCount} cores"));

        void Decode(int i) => PillowImageDecoder.Decode(jpegs[i], "bench.jpg");
        void DecodeAndPreprocess(int i)
        {
            RgbImage image = PillowImageDecoder.Decode(jpegs[i], "bench.jpg");
            using var tensor = processor.Preprocess([(image.Pixels, image.Height, image.Width)]);
        }
        foreach (var (name, work) in new (string, Action<int>)[] { ("decode", Decode), ("decode + preprocess", DecodeAndPreprocess) })
        {
            double one = Median(repeats, () => { for (int i = 0; i < count; i++) work(i); }, count);
            double all = Median(repeats, () => Parallel.For(0, count, work), count);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-20} 1 thread: {one:F0} images/s;  {Environment.ProcessorCount} threads: {all:F0} images/s"));
        }
        return 0;
    }

    private static double Median(int repeats, Action pass, int count)
    {
        pass(); // warm-up
        var rates = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            rates.Add(count / clock.Elapsed.TotalSeconds);
        }
        rates.Sort();
        return rates[rates.Count / 2];
    }

    /// <summary>Three bands of Gaussian noise blurred to photo-like detail, as a q90 4:2:0 baseline JPEG.</summary>
    private static byte[] MakeJpeg(int width, int height, int seed)
    {
        using var r = VipsImage.Gaussnoise(width, height, sigma: 60, mean: 128, seed: seed * 3);
        using var g = VipsImage.Gaussnoise(width, height, sigma: 60, mean: 128, seed: seed * 3 + 1);
        using var b = VipsImage.Gaussnoise(width, height, sigma: 60, mean: 128, seed: seed * 3 + 2);
        using var rgb = r.Bandjoin(g, b);
        using var smooth = rgb.Gaussblur(1.5);
        using var bytes = smooth.Cast(NetVips.Enums.BandFormat.Uchar);
        return bytes.JpegsaveBuffer(q: 90, subsampleMode: NetVips.Enums.ForeignSubsample.On);
    }
}
