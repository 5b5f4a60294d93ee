using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models;

/// <summary>Every fixture written by transformers 4.43.4 reproduced: pixel values exactly, outputs within 1e-4.</summary>
public class TransformersParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [MemberData(nameof(HfTinyFixture.All), MemberType = typeof(HfTinyFixture))]
    public void Should_MatchTransformersOutputs_When_FedTheReferencePixelValues(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder(fixture), null, "cpu", ScalarType.Float32);

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.Equal(model.Config.NumHiddenStates, result.HiddenStates.Count);
        var expectedNames = reference.Keys.Where(k => k is not ("images_uint8" or "pixel_values")).OrderBy(k => k).ToList();
        Assert.Equal(expectedNames, result.Named().Select(n => n.Name).OrderBy(k => k).ToList());
        foreach (var (name, value) in result.Named())
        {
            double diff = HfTinyFixture.MaxAbsDiff(value, reference[name]);
            output.WriteLine($"{fixture} {model.Provenance.ClassName} {name}: max |diff| = {diff:E2}");
            Assert.True(diff <= Tolerance, $"{fixture} {name}: max |diff| {diff} > {Tolerance}");
        }
    }

    [Theory]
    [MemberData(nameof(HfTinyFixture.All), MemberType = typeof(HfTinyFixture))]
    public void Should_ReproducePixelValuesExactly_When_PreprocessingTheReferenceImages(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder(fixture), null, "cpu", ScalarType.Float32);
        Tensor images = reference["images_uint8"];
        int n = (int)images.shape[0], h = (int)images.shape[1], w = (int)images.shape[2];

        Tensor pixels = model.Preprocess(images.bytes.ToArray(), n, h, w);

        Tensor expected = reference["pixel_values"];
        double diff = HfTinyFixture.MaxAbsDiff(pixels, expected);
        long differing = (pixels != expected).sum().item<long>();
        output.WriteLine($"{fixture} ({model.Processor.Config.ProcessorClass}, resample {model.Processor.Config.Resample}): " +
                         $"max |diff| = {diff:E2}, differing values = {differing} of {expected.numel()}");
        Assert.Equal(0, differing);
    }

    [Theory]
    [MemberData(nameof(HfTinyFixture.AllWithBin), MemberType = typeof(HfTinyFixture))]
    public void Should_GiveTheSameOutputs_When_LoadingPytorchModelBin(string fixture)
    {
        using var scope = NewDisposeScope();
        string folder = HfTinyFixture.CopyToTemp(fixture, skip: "model.safetensors");
        try
        {
            Dictionary<string, Tensor> reference = HfTinyFixture.Reference(fixture);
            using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
            Assert.Equal("pytorch_model.bin", Assert.Single(model.Provenance.WeightFiles).FileName);

            using VisionModelOutput result = model.Forward(reference["pixel_values"]);

            foreach (var (name, value) in result.Named())
            {
                double diff = HfTinyFixture.MaxAbsDiff(value, reference[name]);
                output.WriteLine($"{fixture} (.bin) {name}: max |diff| = {diff:E2}");
                Assert.True(diff <= Tolerance, $"{fixture} {name}: {diff}");
            }
            if (fixture == "beit")
                Assert.Contains(model.Provenance.IgnoredKeys, k => k.EndsWith("relative_position_index", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Should_LoadEveryShard_When_TheCheckpointIsSharded()
    {
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder("data2vec-vision-classifier"), null, "cpu", ScalarType.Float32);

        Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"],
            model.Provenance.WeightFiles.Select(f => f.FileName).ToArray());
        Assert.All(model.Provenance.WeightFiles, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        Assert.Equal(nameof(Data2VecVisionForImageClassification), model.Provenance.ClassName);
    }

    [Theory]
    [InlineData("bfloat16", 0.1)]
    [InlineData("float16", 0.02)]
    public void Should_StayCloseToFloat32_When_RunningInReducedPrecision(string dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference("beit");
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder("beit"), null, "cpu", PretrainedVisionModel.ParseDType(dtype));

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.Equal(model.DType, result.LastHiddenState.dtype);
        double diff = HfTinyFixture.MaxAbsDiff(result.LastHiddenState, reference["last_hidden_state"]);
        output.WriteLine($"beit {dtype}: last_hidden_state max |diff| = {diff:E2}");
        Assert.True(diff < tolerance, $"{dtype}: {diff}");
    }
}
