using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using Workflow.Torch.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models;

/// <summary>
/// Swin, ConvNeXt and ResNet fixtures written by transformers 4.43.4 (TestData/hf-tiny-2): every output within 1e-4
/// (hidden_states, reshaped_hidden_states, last_hidden_state, pooler_output), pixel values exactly.
/// </summary>
public class HierarchicalParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> All => HfTiny2Fixture.Hierarchical.Select(n => new object[] { n });

    public static IEnumerable<object[]> AllWithBin => HfTiny2Fixture.HierarchicalWithBin.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(All))]
    public void Should_MatchTransformersOutputs_When_FedTheReferencePixelValues(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTiny2Fixture.Folder(fixture), null, "cpu", ScalarType.Float32);

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.True(model.Family.Hierarchical);
        Assert.Equal(model.Config.NumHiddenStates, result.HiddenStates.Count);
        var expectedNames = reference.Keys.Where(k => k is not ("images_uint8" or "pixel_values")).Order().ToList();
        Assert.Equal(expectedNames, result.Named().Select(n => n.Name).Order().ToList());
        AssertClose(fixture, result, reference);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Should_PredictEveryHiddenStateShape_When_TheConfigIsRead(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = Reference(fixture);
        PretrainedConfig config = ModelFamilies.LoadConfig(Path.Combine(HfTiny2Fixture.Folder(fixture), "config.json"));
        long imageSize = reference["pixel_values"].shape[2];
        Assert.Equal(reference.Keys.Count(k => k.StartsWith("hidden_states.", StringComparison.Ordinal)), config.NumHiddenStates);
        for (int i = 0; i < config.NumHiddenStates; i++)
        {
            long[] shape = reference[$"hidden_states.{i}"].shape;
            // Token states are N×T×C, feature maps N×C×H×W.
            (long positions, long channels) = shape.Length == 3 ? (shape[1], shape[2]) : (shape[2] * shape[3], shape[1]);
            var predicted = (config with { ImageHeight = (int)imageSize, ImageWidth = (int)imageSize }).HiddenStateShape(i);
            Assert.Equal((positions, channels), ((long)predicted.Positions, (long)predicted.Channels));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Should_ReproducePixelValuesExactly_When_PreprocessingTheReferenceImages(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTiny2Fixture.Folder(fixture), null, "cpu", ScalarType.Float32);
        Tensor images = reference["images_uint8"];
        int n = (int)images.shape[0], h = (int)images.shape[1], w = (int)images.shape[2];

        Tensor pixels = model.Preprocess(images.bytes.ToArray(), n, h, w);

        Tensor expected = reference["pixel_values"];
        Assert.Equal(expected.shape, pixels.shape);
        long differing = (pixels != expected).sum().item<long>();
        output.WriteLine($"{fixture} ({model.Processor.Config.ProcessorClass}): differing values = {differing} of {expected.numel()}");
        Assert.Equal(0, differing);
    }

    [Theory]
    [MemberData(nameof(AllWithBin))]
    public void Should_GiveTheSameOutputs_When_LoadingPytorchModelBin(string fixture)
    {
        using var scope = NewDisposeScope();
        string folder = CopyToTemp(fixture, skip: "model.safetensors");
        try
        {
            Dictionary<string, Tensor> reference = Reference(fixture);
            using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
            Assert.Equal("pytorch_model.bin", Assert.Single(model.Provenance.WeightFiles).FileName);

            using VisionModelOutput result = model.Forward(reference["pixel_values"]);

            AssertClose(fixture + " (.bin)", result, reference);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void AssertClose(string label, VisionModelOutput result, Dictionary<string, Tensor> reference)
    {
        foreach (var (name, value) in result.Named())
        {
            double diff = HfTinyFixture.MaxAbsDiff(value, reference[name]);
            output.WriteLine($"{label} {name}: max |diff| = {diff:E2}");
            Assert.True(diff <= Tolerance, $"{label} {name}: max |diff| {diff} > {Tolerance}");
        }
    }

    private static Dictionary<string, Tensor> Reference(string fixture) =>
        SafetensorsFile.Load(Path.Combine(HfTiny2Fixture.Folder(fixture), "reference.safetensors"));

    private static string CopyToTemp(string name, params string[] skip)
    {
        string target = Directory.CreateTempSubdirectory("idim-test-" + name + "-").FullName;
        foreach (string file in Directory.GetFiles(HfTiny2Fixture.Folder(name)))
            if (!skip.Contains(Path.GetFileName(file)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
