using Workflow.Torch.Tests.Fixtures;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Weights;

/// <summary>The torch.save zip writer: what torch itself wrote (the fixtures' pytorch_model.bin) survives a rewrite unchanged.</summary>
public class PyTorchCheckpointWriterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("idim-bin-writer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(HfTinyFixture.AllWithBin), MemberType = typeof(HfTinyFixture))]
    public void Should_ReadBackTorchsTensors_When_ATorchWrittenCheckpointIsRewritten(string fixture)
    {
        Dictionary<string, Tensor> original = PyTorchCheckpointFile.Load(Path.Combine(HfTinyFixture.Folder(fixture), "pytorch_model.bin"));
        string path = Path.Combine(folder, "pytorch_model.bin");

        PyTorchCheckpointWriter.Write(path, original.Select(kv => (kv.Key, kv.Value)));
        Dictionary<string, Tensor> back = PyTorchCheckpointFile.Load(path);

        Assert.Equal(original.Keys.Order(), back.Keys.Order());
        foreach (var (name, tensor) in original)
        {
            Assert.Equal(tensor.dtype, back[name].dtype);
            Assert.Equal(tensor.shape, back[name].shape);
            Assert.True(tensor.equal(back[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Should_KeepInt64Buffers_When_ARelativePositionIndexIsWritten()
    {
        string path = Path.Combine(folder, "index.bin");
        using Tensor index = arange(25L).reshape(5, 5);

        PyTorchCheckpointWriter.Write(path, [("encoder.relative_position_bias.relative_position_index", index)]);
        using Tensor back = PyTorchCheckpointFile.Load(path)["encoder.relative_position_bias.relative_position_index"];

        Assert.Equal(ScalarType.Int64, back.dtype);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), back.data<long>().ToArray());
    }
}
