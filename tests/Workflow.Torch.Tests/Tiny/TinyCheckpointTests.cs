using System.Security.Cryptography;
using Workflow.Torch.Models;
using Workflow.Torch.Tiny;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Tiny;

public class TinyCheckpointTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-tiny-").FullName;

    [Theory]
    [InlineData("vit")]
    [InlineData("beit")]
    [InlineData("data2vec-vision")]
    public void Should_WriteIdenticalBytes_When_WrittenTwiceWithTheSameSeed(string family)
    {
        string a = Path.Combine(work, "a"), b = Path.Combine(work, "b"), c = Path.Combine(work, "c");

        TinyCheckpoint.Write(a, family, seed: 7);
        TinyCheckpoint.Write(b, family, seed: 7);
        TinyCheckpoint.Write(c, family, seed: 8);

        Assert.Equal(Hashes(a), Hashes(b));
        Assert.NotEqual(Hashes(a)["model.safetensors"], Hashes(c)["model.safetensors"]);
    }

    [Fact]
    public void Should_KeepItsPinnedHash_When_WritingVitSeed1()
    {
        // Guards cross-machine determinism: the bytes may change only together with TinyCheckpoint.WriterVersion.
        string folder = Path.Combine(work, "pinned");
        TinyCheckpoint.Write(folder, "vit", seed: 1);
        Assert.Equal("1", TinyCheckpoint.WriterVersion);
        Assert.Equal(PinnedVitSeed1, Hashes(folder)["model.safetensors"]);
    }

    private const string PinnedVitSeed1 = "5226ec367cbb9eaaf1f5ebeea95244773112b08908ad3e416758446015a05950";

    [Theory]
    [InlineData("vit", "ViTModel", true)]
    [InlineData("beit", "BeitModel", true)]
    [InlineData("data2vec-vision", "Data2VecVisionModel", false)]
    public void Should_LoadAndRun_When_LoadedThroughPretrainedVisionModel(string family, string className, bool pooler)
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(work, family);
        TinyCheckpoint.Write(folder, family, seed: 1);

        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
        var images = new byte[2 * 32 * 32 * 3];
        new Random(3).NextBytes(images);
        using VisionModelOutput output = model.Forward(model.Preprocess(images, 2, 32, 32));

        Assert.Equal(className, model.Provenance.ClassName);
        Assert.Equal(5, output.HiddenStates.Count);
        Assert.Equal([2L, 65, 64], output.LastHiddenState.shape);
        Assert.Equal(pooler, output.PoolerOutput is not null);
        Assert.True(output.LastHiddenState.isfinite().all().item<bool>());
        // Different images give different representations (the network is not degenerate).
        Assert.True((output.HiddenStates[^1][0] - output.HiddenStates[^1][1]).abs().max().item<float>() > 1e-3f);
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f),
            f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(work, recursive: true);
}
