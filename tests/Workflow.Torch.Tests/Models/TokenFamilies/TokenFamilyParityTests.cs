using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.TokenFamilies;

/// <summary>DeiT, DINOv2, CLIP, SigLIP and ViTMAE fixtures written by transformers 4.43.4: pixel values exactly, outputs within 1e-4.</summary>
public class TokenFamilyParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [MemberData(nameof(HfTiny2TokenFixture.All), MemberType = typeof(HfTiny2TokenFixture))]
    public void Should_MatchTransformersOutputs_When_FedTheReferencePixelValues(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTiny2TokenFixture.Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTiny2TokenFixture.Folder(fixture), null, "cpu", ScalarType.Float32);

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.Equal(model.Config.NumHiddenStates, result.HiddenStates.Count);
        var expectedNames = reference.Keys.Where(k => k != "pixel_values" && !HfTiny2TokenFixture.NotProduced.Contains(k)).Order().ToList();
        Assert.Equal(expectedNames, result.Named().Select(n => n.Name).Order().ToList());
        foreach (var (name, value) in result.Named())
        {
            double diff = HfTinyFixture.MaxAbsDiff(value, reference[name]);
            output.WriteLine($"{fixture} {model.Provenance.ClassName} {name}: max |diff| = {diff:E2}");
            Assert.True(diff <= Tolerance, $"{fixture} {name}: max |diff| {diff} > {Tolerance}");
        }
    }

    [Theory]
    [MemberData(nameof(HfTiny2TokenFixture.All), MemberType = typeof(HfTiny2TokenFixture))]
    public void Should_ReproducePixelValuesExactly_When_PreprocessingTheReferenceImages(string fixture)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTiny2TokenFixture.Reference(fixture);
        using var model = PretrainedVisionModel.Load(HfTiny2TokenFixture.Folder(fixture), null, "cpu", ScalarType.Float32);
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
    [MemberData(nameof(HfTiny2TokenFixture.AllWithBin), MemberType = typeof(HfTiny2TokenFixture))]
    public void Should_GiveTheSameOutputs_When_LoadingPytorchModelBin(string fixture)
    {
        using var scope = NewDisposeScope();
        string folder = CopyToTemp(fixture, "model.safetensors");
        try
        {
            Dictionary<string, Tensor> reference = HfTiny2TokenFixture.Reference(fixture);
            using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
            Assert.Equal("pytorch_model.bin", Assert.Single(model.Provenance.WeightFiles).FileName);

            using VisionModelOutput result = model.Forward(reference["pixel_values"]);

            foreach (var (name, value) in result.Named())
                Assert.True(HfTinyFixture.MaxAbsDiff(value, reference[name]) <= Tolerance, $"{fixture} (.bin) {name}");
            if (fixture == "clip-full-model-224") // old-style .bin: position_ids buffers, and the text tower, left unused
            {
                Assert.Contains(model.Provenance.IgnoredKeys, k => k == "vision_model.embeddings.position_ids");
                Assert.Contains(model.Provenance.IgnoredKeys, k => k.StartsWith("text_model.", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("deit-distilled-teacher", "DeiTForImageClassificationWithTeacher")]
    [InlineData("deit-model-pooler", "DeiTModel")]
    [InlineData("clip-full-model-224", "CLIPVisionModel")]
    [InlineData("dinov2-swiglu", "Dinov2Model")]
    [InlineData("vit-mae", "ViTMAEModel")]
    public void Should_BuildTheTransformersClass_When_LoadingAFixture(string fixture, string className)
    {
        using var model = PretrainedVisionModel.Load(HfTiny2TokenFixture.Folder(fixture), null, "cpu", ScalarType.Float32);

        Assert.Equal(className, model.Provenance.ClassName);
        if (fixture == "dinov2-swiglu") Assert.Equal(2, model.Provenance.WeightFiles.Count); // sharded
    }

    [Theory]
    [InlineData("vit-mae")]
    [InlineData("vit-mae-224")]
    public void Should_EqualTransformersShuffledRunPermuted_When_ViTMAEEncodesTheWholeImageInRasterOrder(string fixture)
    {
        // transformers with random noise keeps all patches (mask_ratio 0) but emits them in argsort(noise) order: our
        // raster-order rows, gathered by that order (CLS stays first), must match its outputs.
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTiny2TokenFixture.Reference(fixture);
        Dictionary<string, Tensor> shuffled = HfTiny2TokenFixture.Reference(fixture, "reference_shuffled.safetensors");
        using var model = PretrainedVisionModel.Load(HfTiny2TokenFixture.Folder(fixture), null, "cpu", ScalarType.Float32);
        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Tensor order = shuffled["noise"].argsort(1);
        Tensor rows = cat([zeros(order.shape[0], 1, ScalarType.Int64), order + 1], 1);
        foreach (var (name, value) in result.Named())
        {
            Tensor permuted = value.gather(1, rows.unsqueeze(2).expand(-1, -1, value.shape[2]));
            double diff = HfTinyFixture.MaxAbsDiff(permuted, shuffled[name]);
            output.WriteLine($"{fixture} shuffled {name}: max |diff| = {diff:E2}");
            Assert.True(diff <= Tolerance, $"{fixture} {name}: {diff}");
        }
        Assert.Equal(0, reference["mask"].abs().sum().item<float>()); // what "whole image" means in transformers' outputs
        Tensor identity = arange(reference["ids_restore"].shape[1], ScalarType.Int64).expand_as(reference["ids_restore"]);
        Assert.Equal(0L, (reference["ids_restore"] != identity).sum().item<long>());
    }

    private static string CopyToTemp(string name, params string[] skip)
    {
        string target = Path.Combine(Path.GetTempPath(), "idim-test-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(HfTiny2TokenFixture.Folder(name)))
            if (!skip.Contains(Path.GetFileName(file)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
