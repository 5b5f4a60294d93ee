using System.Text.Json;
using MathNet.Numerics;

namespace Workflow.Core.Data;

/// <summary>
/// A synthetic 32×32 RGB dataset whose classes have known intrinsic dimension, to check the whole chain
/// (images → representation → TwoNN) against ground truth. No download.
/// <para>
/// Every image is a constant background plus three transparent texture sheets (<see cref="TextureSheet"/>: 20
/// sinusoids each, periods 5.6–16.7 px, per-channel std 16 grey levels, its own colours). In class k, d_k of the
/// sheets' 12 continuous parameters — slide x, slide y, rotation, zoom of each sheet — are drawn independently and
/// uniformly; every other parameter is fixed. The render is smooth (a finite sum of sinusoids, box-filtered per
/// pixel, i.e. anti-aliased; float maths, rounded to bytes once at the end) and locally injective (the factors'
/// image-space derivatives are different random textures, hence linearly independent), so each class is a
/// d_k-dimensional manifold in pixel space.
/// </para>
/// <para>
/// Factor ranges are set so that, at the reference size of 500 images per class, a point's nearest neighbour is
/// about 0.4 px of equivalent motion away (the textures decorrelate over ~1.3 px): far above the 8-bit rounding
/// noise (nearest-neighbour distance ≈ 250 grey levels vs ≈ 23 for rounding), yet within the scale on which the
/// manifold is nearly flat. Low d therefore gets long ranges (d = 1: the sheet slides 400 px — the texture never
/// repeats), high d short ones; rotation and zoom only appear from d = 7 on, where their ranges are small.
/// </para>
/// <list type="table">
/// <listheader><term>label, name</term><description>d: factors (range)</description></listheader>
/// <item><term>0 d1</term><description>1: sheet1.x (400 px)</description></item>
/// <item><term>1 d2</term><description>2: sheet1.x, sheet1.y (18 px)</description></item>
/// <item><term>2 d3</term><description>3: + sheet2.x (5.7 px)</description></item>
/// <item><term>3 d4</term><description>4: + sheet2.y (3.2 px)</description></item>
/// <item><term>4 d5</term><description>5: + sheet3.x (2.2 px)</description></item>
/// <item><term>5 d6</term><description>6: + sheet3.y (1.7 px)</description></item>
/// <item><term>6 d7</term><description>7: + sheet1.rotation (1.3 px)</description></item>
/// <item><term>7 d8</term><description>8: + sheet2.rotation (1.1 px)</description></item>
/// <item><term>8 d10</term><description>10: + sheet3.rotation, sheet1.zoom (0.9 px)</description></item>
/// <item><term>9 d12</term><description>12: + sheet2.zoom, sheet3.zoom (0.7 px)</description></item>
/// </list>
/// (Exact ranges: <see cref="CalibrationClass.RangePx"/>; docs/calibration.md has the table with measured TwoNN estimates.)
/// </summary>
public static class CalibrationDataset
{
    /// <summary>Bumped whenever the images a given seed produces change.</summary>
    public const string GeneratorVersion = "1";

    /// <summary>Image side.</summary>
    public const int Side = 32;

    /// <summary>Images per class the factor ranges are tuned for (and the default training size).</summary>
    public const int ReferencePerClass = 500;

    /// <summary>Default test images per class.</summary>
    public const int DefaultTestPerClass = 100;

    /// <summary>Target nearest-neighbour distance at <see cref="ReferencePerClass"/>, in pixel-equivalent units.</summary>
    public const double NeighbourDistancePx = 0.4;

    /// <summary>Name of the JSON file mapping class name → d.</summary>
    public const string LatentDimsFile = "latent_dims.json";

    /// <summary>Name of the JSON file recording how the folder was generated (written last).</summary>
    public const string ManifestFile = "calibration.json";

    private const int Sheets = 3, WavesPerSheet = 20;
    private const double SheetStd = 16;
    private const double RmsRadius = 13.0576; // sqrt(mean |p − c|²) over a 32×32 grid: 1 px of rms motion per unit
    private const ulong TextureSeed = 0x1D1CA11B;

    private static readonly int[] Dimensions = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12];

    private static readonly CalibrationFactor[] FactorOrder =
    [
        new(0, CalibrationFactorKind.ShiftX), new(0, CalibrationFactorKind.ShiftY),
        new(1, CalibrationFactorKind.ShiftX), new(1, CalibrationFactorKind.ShiftY),
        new(2, CalibrationFactorKind.ShiftX), new(2, CalibrationFactorKind.ShiftY),
        new(0, CalibrationFactorKind.Rotation), new(1, CalibrationFactorKind.Rotation), new(2, CalibrationFactorKind.Rotation),
        new(0, CalibrationFactorKind.Zoom), new(1, CalibrationFactorKind.Zoom), new(2, CalibrationFactorKind.Zoom),
    ];

    /// <summary>The ten classes, label order.</summary>
    public static IReadOnlyList<CalibrationClass> Classes { get; } = BuildClasses();

    /// <summary>Class names, label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Classes.Select(c => c.Name).ToArray();

    /// <summary>Draws <paramref name="count"/> latent vectors (d_k factors each, pixel-equivalent units) of class
    /// <paramref name="label"/> for <paramref name="split"/>; the same on every machine.</summary>
    public static double[][] SampleLatents(int label, DatasetSplit split, int count, ulong seed)
    {
        CalibrationClass cls = Classes[label];
        var random = DeterministicRandom.ForStream(seed, (ulong)(label * 2 + (split == DatasetSplit.Test ? 1 : 0)));
        var latents = new double[count][];
        for (int i = 0; i < count; i++)
        {
            latents[i] = new double[cls.LatentDims];
            for (int j = 0; j < cls.LatentDims; j++) latents[i][j] = random.NextDouble(-cls.RangePx / 2, cls.RangePx / 2);
        }
        return latents;
    }

    /// <summary>Renders one image of class <paramref name="label"/> at <paramref name="latent"/> into
    /// <paramref name="hwc"/> (32×32×3 bytes, HWC).</summary>
    public static void Render(int label, ReadOnlySpan<double> latent, Span<byte> hwc) =>
        ClassRenderer.For(label).Render(latent, hwc);

    /// <summary>Generates <paramref name="perClass"/> images of every class for <paramref name="split"/>,
    /// grouped by class; source indices are positions within the split.</summary>
    public static LabeledImages Generate(DatasetSplit split, int perClass, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        int imageBytes = Side * Side * 3;
        var pixels = new byte[(long)Classes.Count * perClass * imageBytes];
        var labels = new int[Classes.Count * perClass];
        Parallel.For(0, Classes.Count, label =>
        {
            var renderer = ClassRenderer.For(label);
            double[][] latents = SampleLatents(label, split, perClass, seed);
            for (int i = 0; i < perClass; i++)
            {
                int at = label * perClass + i;
                labels[at] = label;
                renderer.Render(latents[i], pixels.AsSpan(at * imageBytes, imageBytes));
            }
        });
        return new LabeledImages(Side, Side, pixels, labels, Enumerable.Range(0, labels.Length).ToArray(), ClassNames);
    }

    /// <summary>
    /// Writes the dataset in the CIFAR-10 binary layout to <paramref name="folder"/>: <c>data_batch_1.bin</c>,
    /// <c>test_batch.bin</c>, <c>batches.meta.txt</c>, <c>latent_dims.json</c> and, last, <c>calibration.json</c>.
    /// Each file is written to a temporary name and renamed into place.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string folder, int trainPerClass = ReferencePerClass,
        int testPerClass = DefaultTestPerClass, ulong seed = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, ManifestFile));
        var written = new List<string>
        {
            WriteAtomically(folder, "data_batch_1.bin", s => CifarRecordWriter.WriteCifar10(s, Generate(DatasetSplit.Train, trainPerClass, seed))),
            WriteAtomically(folder, "test_batch.bin", s => CifarRecordWriter.WriteCifar10(s, Generate(DatasetSplit.Test, testPerClass, seed))),
            WriteAtomically(folder, "batches.meta.txt", s => s.Write(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', ClassNames) + "\n\n"))),
            WriteAtomically(folder, LatentDimsFile, s => JsonSerializer.Serialize(s, Classes.ToDictionary(c => c.Name, c => c.LatentDims), JsonOptions)),
        };
        // Hashes of what was just written, so that later damage is found (FolderHashes); the manifest still comes last.
        Cache.FolderHashes.Write(folder, written.Select(p => Path.GetFileName(p)));
        written.Add(WriteAtomically(folder, ManifestFile, s => JsonSerializer.Serialize(s, Manifest(trainPerClass, testPerClass, seed), JsonOptions)));
        return written;
    }

    /// <summary>True when <paramref name="folder"/> holds a complete dataset written by this generator version with these settings.</summary>
    public static bool IsCurrent(string folder, int trainPerClass = ReferencePerClass, int testPerClass = DefaultTestPerClass, ulong seed = 0)
    {
        string manifest = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifest)) return false;
        string expected = JsonSerializer.Serialize(Manifest(trainPerClass, testPerClass, seed), JsonOptions);
        return File.ReadAllText(manifest) == expected;
    }

    /// <summary>
    /// Null when <paramref name="folder"/> is current (<see cref="IsCurrent"/>) and every file still has the sha256 it
    /// was written with; otherwise why it must be generated again (deleted, changed, or from another generator version).
    /// </summary>
    public static string? Problem(string folder, int trainPerClass = ReferencePerClass, int testPerClass = DefaultTestPerClass, ulong seed = 0)
    {
        if (!Directory.Exists(folder)) return $"{folder} does not exist";
        if (!IsCurrent(folder, trainPerClass, testPerClass, seed)) return $"{folder} was written by another generator version or settings, or is incomplete";
        return Cache.FolderHashes.Problem(folder);
    }

    /// <summary>Reads <c>latent_dims.json</c> (class name → d) from <paramref name="folder"/>.</summary>
    public static IReadOnlyDictionary<string, int> ReadLatentDims(string folder) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(folder, LatentDimsFile)))
        ?? throw new InvalidDataException($"{Path.Combine(folder, LatentDimsFile)} is empty.");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static Dictionary<string, object> Manifest(int train, int test, ulong seed) => new()
    {
        ["generator_version"] = GeneratorVersion,
        ["train_per_class"] = train,
        ["test_per_class"] = test,
        ["seed"] = seed,
        ["classes"] = Classes.Select(c => new Dictionary<string, object>
        {
            ["label"] = c.Label, ["name"] = c.Name, ["d"] = c.LatentDims, ["range_px"] = c.RangePx,
            ["factors"] = c.Factors.Select(f => f.ToString()).ToArray(),
        }).ToArray(),
    };

    private static string WriteAtomically(string folder, string name, Action<Stream> write)
    {
        string path = Path.Combine(folder, name);
        Cache.AtomicFile.Write(path, write);
        return path;
    }

    private static CalibrationClass[] BuildClasses() => Dimensions.Select((d, label) =>
        new CalibrationClass(label, $"d{d}", d, FactorOrder[..d], Math.Round(NeighbourDistancePx / ExpectedNearestNeighbour(d, ReferencePerClass), 4))).ToArray();

    /// <summary>E[r₁] for <paramref name="n"/> points uniform in the unit d-cube (boundary ignored):
    /// Γ(1 + 1/d) / (n V_d)^{1/d}, V_d = π^{d/2} / Γ(d/2 + 1) the unit-ball volume.</summary>
    private static double ExpectedNearestNeighbour(int d, int n)
    {
        double ballVolume = Math.Pow(Math.PI, d / 2.0) / SpecialFunctions.Gamma(d / 2.0 + 1);
        return SpecialFunctions.Gamma(1 + 1.0 / d) / Math.Pow(n * ballVolume, 1.0 / d);
    }

    /// <summary>Renders one class: its background and static sheets precomputed once, moving sheets per image.</summary>
    private sealed class ClassRenderer
    {
        private readonly CalibrationClass _class;
        private readonly TextureSheet[] _sheets;
        private readonly double[] _static;
        private readonly bool[] _moving;

        private ClassRenderer(int label)
        {
            _class = Classes[label];
            var random = DeterministicRandom.ForStream(TextureSeed, (ulong)label);
            _sheets = new TextureSheet[Sheets];
            for (int s = 0; s < Sheets; s++)
                _sheets[s] = TextureSheet.Create(random, WavesPerSheet, SheetStd, hue: 2 * Math.PI * (label * 0.37 + s * 0.29));
            _moving = new bool[Sheets];
            foreach (CalibrationFactor factor in _class.Factors) _moving[factor.Sheet] = true;
            _static = new double[Side * Side * 3];
            double[] background = [random.NextDouble(108, 148), random.NextDouble(108, 148), random.NextDouble(108, 148)];
            for (int p = 0; p < Side * Side; p++)
                for (int c = 0; c < 3; c++) _static[3 * p + c] = background[c];
            for (int s = 0; s < Sheets; s++)
                if (!_moving[s]) _sheets[s].AddTo(_static, Side, 0, 0, 0, 0);
        }

        public static ClassRenderer For(int label)
        {
            if ((uint)label >= (uint)Classes.Count) throw new ArgumentOutOfRangeException(nameof(label), label, $"Calibration labels are 0…{Classes.Count - 1}.");
            return new ClassRenderer(label);
        }

        public void Render(ReadOnlySpan<double> latent, Span<byte> hwc)
        {
            if (latent.Length != _class.LatentDims)
                throw new ArgumentException($"Class {_class.Name} has {_class.LatentDims} latent factors, found {latent.Length} values.", nameof(latent));
            Span<double> shiftX = stackalloc double[Sheets], shiftY = stackalloc double[Sheets];
            Span<double> rotation = stackalloc double[Sheets], logZoom = stackalloc double[Sheets];
            for (int j = 0; j < latent.Length; j++)
            {
                CalibrationFactor f = _class.Factors[j];
                switch (f.Kind)
                {
                    case CalibrationFactorKind.ShiftX: shiftX[f.Sheet] = latent[j]; break;
                    case CalibrationFactorKind.ShiftY: shiftY[f.Sheet] = latent[j]; break;
                    case CalibrationFactorKind.Rotation: rotation[f.Sheet] = latent[j] / RmsRadius; break;
                    default: logZoom[f.Sheet] = latent[j] / RmsRadius; break;
                }
            }
            var accumulator = (double[])_static.Clone();
            for (int s = 0; s < Sheets; s++)
                if (_moving[s]) _sheets[s].AddTo(accumulator, Side, shiftX[s], shiftY[s], rotation[s], logZoom[s]);
            for (int i = 0; i < accumulator.Length; i++)
                hwc[i] = (byte)Math.Round(Math.Clamp(accumulator[i], 0, 255), MidpointRounding.ToEven);
        }
    }
}
