using System.Security.Cryptography;
using Workflow.Torch.Models;
using Workflow.Torch.Tiny;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Tiny;

/// <summary>The tiny Swin / ConvNeXt / ResNet writers behind <c>idim make-tiny-model --family swin|convnext|resnet</c>.</summary>
public class HierarchicalTinyTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-tiny-h-").FullName;

    [Theory]
    [InlineData("swin")]
    [InlineData("convnext")]
    [InlineData("resnet")]
    public void Should_WriteIdenticalBytes_When_WrittenTwiceWithTheSameSeed(string family)
    {
        string a = Path.Combine(work, "a"), b = Path.Combine(work, "b"), c = Path.Combine(work, "c");
        var write = ModelFamilies.ForModelType(family).WriteTiny!;

        write(a, 7, new TinyCheckpointOptions());
        write(b, 7, new TinyCheckpointOptions());
        write(c, 8, new TinyCheckpointOptions());

        Assert.Equal(Hash(a), Hash(b));
        Assert.NotEqual(Hash(a), Hash(c));
    }

    [Theory]
    // Widths and grids per hidden state: (tokens or H·W, channels), as the writers' docs promise.
    [InlineData("swin", "SwinModel", new[] { 256, 64, 16, 16 }, new[] { 16, 32, 64, 64 })]
    [InlineData("convnext", "ConvNextModel", new[] { 64, 64, 16, 4, 1 }, new[] { 16, 16, 32, 48, 64 })]
    [InlineData("resnet", "ResNetModel", new[] { 64, 64, 16, 4, 1 }, new[] { 16, 32, 64, 96, 128 })]
    public void Should_LoadAndRunWithStagesOfGrowingWidth_When_LoadedThroughPretrainedVisionModel(
        string family, string className, int[] positions, int[] channels)
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(work, family);
        ModelFamilies.ForModelType(family).WriteTiny!(folder, 1, new TinyCheckpointOptions());

        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
        var images = new byte[3 * 32 * 32 * 3];
        new Random(3).NextBytes(images);
        using VisionModelOutput output = model.Forward(model.Preprocess(images, 3, 32, 32));

        Assert.Equal(className, model.Provenance.ClassName);
        Assert.True(model.Family.Hierarchical);
        Assert.Equal(positions.Length, output.HiddenStates.Count);
        for (int i = 0; i < positions.Length; i++)
        {
            Tensor h = output.HiddenStates[i];
            long p = h.dim() == 3 ? h.shape[1] : h.shape[2] * h.shape[3], c = h.dim() == 3 ? h.shape[2] : h.shape[1];
            Assert.Equal((positions[i], channels[i]), ((int)p, (int)c));
            Assert.Equal((positions[i], channels[i]), model.Config.HiddenStateShape(i));
            Assert.True(h.isfinite().all().item<bool>());
            // Different images give different representations at every stage (the random network is not degenerate).
            Tensor flat = h.reshape(3, -1);
            Assert.True((flat[0] - flat[1]).abs().max().item<float>() > 1e-3f, $"{family} hidden_states.{i} does not depend on the image");
        }
    }

    private static string Hash(string folder) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "model.safetensors"))));

    public void Dispose() => Directory.Delete(work, recursive: true);
}
