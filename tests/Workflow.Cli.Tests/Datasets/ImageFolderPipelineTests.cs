using Workflow.Cli.Tests.Pipeline;
using Workflow.Core.IO;

namespace Workflow.Cli.Tests.Datasets;

/// <summary>
/// An experiment over an image folder (the Pillow fixture: 3 classes × 11 PNG/JPEG files of 17–299 px) run end to end
/// through the stage commands to a report, and the cache's answer to a folder that changes.
/// </summary>
public sealed class ImageFolderPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idim-imagefolder-").FullName;

    public ImageFolderPipelineTests()
    {
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder"), ImageFolder);
        File.WriteAllText(Experiment, """
            name: photos
            dataset: { name: imagefolder, path: photos-folder, per_class: 20, seed: 0 }
            models:
              - name: vit
                tiny: { family: vit, seed: 1 }
            embedding: { pooling: mean, batch_size: 8, device: cpu }
            twonn: { estimator: fit, bootstrap: 5 }
            """);
    }

    private string ImageFolder => Path.Combine(_root, "photos-folder");
    private string Experiment => Path.Combine(_root, "photos.yaml");
    private string Artifacts => Path.Combine(_root, "artifacts");
    private string Folder => Path.Combine(Artifacts, "photos");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run(string stage)
    {
        var (code, output, error) = CliRunner.Run(stage, "--experiment", Experiment, "--artifacts", Artifacts);
        Assert.True(code == 0, $"idim {stage} exited {code}\n{output}\n{error}");
        return output;
    }

    private string RunAll() => string.Concat(PipelineWorkspace.Stages.Split(' ').Select(Run));

    private IReadOnlyDictionary<string, DateTime> Finished() => Directory.GetFiles(Path.Combine(Folder, ".stages"), "*.json", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(Path.Combine(Folder, ".stages"), f).Replace('\\', '/'), File.GetLastWriteTimeUtc);

    [Fact]
    public void Should_RunToAReport_When_DatasetIsAnImageFolderOfMixedSizes()
    {
        string output = RunAll();

        Assert.Contains("Data: 33 images of 3 classes", output);
        Assert.True(File.Exists(Path.Combine(Folder, "report", "index.html")));
        var (_, sizeShape) = NpyFile.ReadInt32(Path.Combine(Folder, "data", "image_sizes.npy"));
        Assert.Equal([33L, 2L], sizeShape);
        // Classes in sorted folder order (torchvision's ImageFolder), labels class by class.
        Assert.Contains("\"apple\"", File.ReadAllText(Path.Combine(Folder, "data", "classes.json")));
        Assert.Equal(Enumerable.Repeat(0, 11).Concat(Enumerable.Repeat(1, 11)).Concat(Enumerable.Repeat(2, 11)),
            NpyFile.ReadLabels(Path.Combine(Folder, "data", "labels.npy")));
        string csv = File.ReadAllText(Path.Combine(Folder, "twonn.csv"));
        foreach (string name in new[] { "apple", "bicycle", "cloud" }) Assert.Contains($",{name},", csv);
    }

    [Fact]
    public void Should_RunToAReport_When_BuildShIsGivenTheExperimentFile()
    {
        // As a user would: ./build.sh from the folder holding photos.yaml, the path relative to it.
        var (code, output) = Workflow.Cli.Tests.Build.BuildScript.Run(_root, new Dictionary<string, string> { ["IDIM_ARTIFACTS"] = Artifacts },
            ["--experiment=photos.yaml"]);

        Assert.True(code == 0, output);
        Assert.Contains("Data: 33 images of 3 classes", output);
        Assert.Contains("Report: done", output);
        Assert.Contains(",cloud,", File.ReadAllText(Path.Combine(Folder, "twonn.csv")));
        Assert.True(File.Exists(Path.Combine(Folder, "report", "index.html")));
    }

    [Fact]
    public void Should_StoreEveryImageAsPillowDecodesIt_When_DataStageRuns()
    {
        Run("data");

        var (pixels, _) = NpyFile.ReadUInt8(Path.Combine(Folder, "data", "images_uint8.npy"));
        var (sizes, _) = NpyFile.ReadInt32(Path.Combine(Folder, "data", "image_sizes.npy"));
        int[] indices = NpyFile.ReadLabels(Path.Combine(Folder, "data", "indices.npy"));
        string[] files = Directory.GetFiles(ImageFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ImageFolder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        long offset = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            var (expected, shape) = PillowFixture.Array(files[indices[i]]);
            Assert.Equal([sizes[2 * i], sizes[2 * i + 1], 3], shape.Select(s => (int)s));
            Assert.True(expected.AsSpan().SequenceEqual(pixels.AsSpan((int)offset, expected.Length)), $"{files[indices[i]]} differs from Pillow");
            offset += expected.Length;
        }
        Assert.Equal(pixels.LongLength, offset);
    }

    [Fact]
    public void Should_RerunDataAndEverythingDownstream_When_OneImageIsAdded()
    {
        RunAll();
        var before = Finished();
        File.Copy(Path.Combine(ImageFolder, "apple", "apple_05_RGB.jpg"), Path.Combine(ImageFolder, "apple", "apple_11_new.jpg"));

        string plan = Run("plan");
        string output = RunAll();

        Assert.Contains("Data: stale", plan);
        Assert.Contains("Data: 34 images of 3 classes", output);
        var after = Finished();
        Assert.Equal(["correlate.json", "data.json", "embed/vit.json", "report.json", "twonn.json"],
            after.Where(p => !before.TryGetValue(p.Key, out var t) || t != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_StayUpToDate_When_FolderIsUnchanged()
    {
        RunAll();
        var before = Finished();

        string output = RunAll();

        Assert.Contains("Data: up to date", output);
        Assert.Equal(before, Finished());
    }

    [Fact]
    public void Should_NameTheFile_When_AnImageIsCorrupt()
    {
        string bad = Path.Combine(ImageFolder, "cloud", "cloud_99_broken.jpg");
        byte[] data = File.ReadAllBytes(Path.Combine(ImageFolder, "cloud", "cloud_05_RGB.jpg"));
        File.WriteAllBytes(bad, data[..(data.Length / 3)]);

        var (code, _, error) = CliRunner.Run("data", "--experiment", Experiment, "--artifacts", Artifacts);

        Assert.Equal(1, code);
        Assert.Contains("cloud_99_broken.jpg", error);
    }

    [Fact]
    public void Should_SkipAndCount_When_OnBadImageIsSkip()
    {
        byte[] data = File.ReadAllBytes(Path.Combine(ImageFolder, "cloud", "cloud_05_RGB.jpg"));
        File.WriteAllBytes(Path.Combine(ImageFolder, "cloud", "cloud_99_broken.jpg"), data[..(data.Length / 3)]);
        File.WriteAllText(Experiment, File.ReadAllText(Experiment).Replace("seed: 0 }", "seed: 0, on_bad_image: skip }", StringComparison.Ordinal));

        string output = Run("data");

        Assert.Contains("Data: 33 images of 3 classes", output);
        Assert.Contains("1 skipped", output);
        Assert.Contains("cloud_99_broken.jpg", output);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
