using System.Text;
using Workflow.Torch.Tests.Fixtures;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Tests.Weights;

/// <summary>
/// Local model folders from an untrusted source (probe #20): an index cannot name shards outside the folder, and a
/// safetensors file whose <c>data_offsets</c> overlap, leave gaps or leave bytes over is refused, as the safetensors
/// library refuses it (<c>InvalidOffset</c>, <c>MetadataIncompleteBuffer</c>).
/// </summary>
public sealed class HostileWeightsTests : IDisposable
{
    private readonly List<string> folders = [];

    private string Copy(string fixture)
    {
        string folder = HfTinyFixture.CopyToTemp(fixture);
        folders.Add(folder);
        return folder;
    }

    [Theory]
    [InlineData("../{other}/model-00002-of-00002.safetensors")]
    [InlineData("sub/../../{other}/model-00002-of-00002.safetensors")]
    [InlineData(@"..\{other}\model-00002-of-00002.safetensors")]
    [InlineData("{absolute}")]
    public void Should_RefuseTheShard_When_TheIndexNamesAFileOutsideTheFolder(string shardPattern)
    {
        string folder = Copy("data2vec-vision-classifier");
        string other = Copy("data2vec-vision-classifier");
        string shard = shardPattern.Replace("{other}", Path.GetFileName(other), StringComparison.Ordinal)
            .Replace("{absolute}", Path.Combine(other, "model-00002-of-00002.safetensors"), StringComparison.Ordinal);
        string index = Path.Combine(folder, CheckpointFiles.SafetensorsIndex);
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"model-00002-of-00002.safetensors\"",
            System.Text.Json.JsonSerializer.Serialize(shard), StringComparison.Ordinal));
        File.Delete(Path.Combine(folder, "model-00002-of-00002.safetensors"));

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFiles.Resolve(folder));

        Assert.Contains(shard, error.Message);
        Assert.Contains("inside the model folder", error.Message);
    }

    [Theory]
    [InlineData(0, 8, 4, 12, 12, "overlap")]     // b starts inside a
    [InlineData(0, 8, 0, 8, 8, "overlap")]       // both tensors on the same bytes: silent aliases before
    [InlineData(0, 8, 12, 20, 20, "gap")]        // 4 bytes nobody owns
    [InlineData(4, 12, 12, 20, 20, "gap")]       // the data section does not start at 0
    [InlineData(0, 8, 8, 16, 20, "MetadataIncompleteBuffer")] // 4 bytes left over
    public void Should_RejectLikeSafetensors_When_DataOffsetsDoNotTileTheData(long a0, long a1, long b0, long b1, int dataBytes, string reason)
    {
        string folder = Directory.CreateTempSubdirectory("idim-st-").FullName;
        folders.Add(folder);
        string path = Path.Combine(folder, "model.safetensors");
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + a0 + "," + a1 + "]}," +
                        "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + b0 + "," + b1 + "]}}";
        File.WriteAllBytes(path, Safetensors(header, dataBytes));

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Load(path));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Should_Load_When_TheOffsetsTileTheDataInAnyHeaderOrder()
    {
        string folder = Directory.CreateTempSubdirectory("idim-st-").FullName;
        folders.Add(folder);
        string path = Path.Combine(folder, "model.safetensors");
        // Header order need not follow the offsets (safetensors sorts by offset before checking).
        File.WriteAllBytes(path, Safetensors("""{"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 16));

        var tensors = SafetensorsFile.Load(path);

        Assert.Equal(["a", "b"], tensors.Keys.Order());
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>The safetensors layout: u64 little-endian header length, the JSON header, then the data bytes.</summary>
    private static byte[] Safetensors(string header, int dataBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    public void Dispose()
    {
        foreach (string f in folders) if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
    }
}
