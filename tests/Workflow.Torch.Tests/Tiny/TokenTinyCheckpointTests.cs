using System.Security.Cryptography;
using Workflow.Torch.Models;
using Workflow.Torch.Tiny;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Tiny;

/// <summary>The token families' tiny writers: deterministic bytes, and folders that load and run like Hub checkpoints.</summary>
public class TokenTinyCheckpointTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-token-tiny-").FullName;

    public static IEnumerable<object[]> Families =>
        new[] { "deit", "dinov2", "clip_vision_model", "clip", "siglip_vision_model", "siglip", "vit_mae" }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Families))]
    public void Should_WriteIdenticalBytes_When_WrittenTwiceWithTheSameSeed(string family)
    {
        string a = Path.Combine(work, "a"), b = Path.Combine(work, "b"), c = Path.Combine(work, "c");
        ModelFamily row = ModelFamilies.ForModelType(family);

        row.WriteTiny!(a, 7, new TinyCheckpointOptions());
        row.WriteTiny!(b, 7, new TinyCheckpointOptions());
        row.WriteTiny!(c, 8, new TinyCheckpointOptions());

        Assert.Equal(Hash(a, "model.safetensors"), Hash(b, "model.safetensors"));
        Assert.Equal(Hash(a, "config.json"), Hash(b, "config.json"));
        Assert.NotEqual(Hash(a, "model.safetensors"), Hash(c, "model.safetensors"));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Should_LoadAndRunThroughItsOwnProcessor_When_Written(string family)
    {
        string folder = Path.Combine(work, family);
        ModelFamilies.ForModelType(family).WriteTiny!(folder, 1, new TinyCheckpointOptions());
        using var scope = NewDisposeScope();
        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
        var images = new byte[2 * 32 * 32 * 3];
        new Random(3).NextBytes(images);

        Tensor pixels = model.Preprocess(images, 2, 32, 32);
        using VisionModelOutput output = model.Forward(pixels);

        Assert.Equal(family, model.Config.ModelType);
        Assert.Equal(5, output.HiddenStates.Count); // 4 layers
        Assert.Equal(model.Config.HiddenStateShape(4).Positions, output.HiddenStates[4].shape[1]);
        Assert.Equal(64, output.HiddenStates[4].shape[2]);
        Assert.False(output.LastHiddenState.isnan().any().item<bool>());
        Assert.Empty(model.Provenance.IgnoredKeys); // every tensor written is a tensor the model uses
    }

    private static string Hash(string folder, string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))));

    public void Dispose() => Directory.Delete(work, recursive: true);
}
