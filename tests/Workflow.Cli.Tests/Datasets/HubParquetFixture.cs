using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Workflow.Cli.Tests.Datasets;

/// <summary>
/// Writes Parquet with the schema <c>datasets</c> gives an image-classification split on the Hub (uoft-cs/cifar10's
/// <c>plain_text/train-00000-of-00001.parquet</c>): <c>img</c> = struct {bytes: binary, path: string}, <c>label</c> =
/// int64, and the <c>huggingface</c> key-value metadata with the features (<c>Image</c>, <c>ClassLabel</c> names).
/// </summary>
internal static class HubParquetFixture
{
    public static async Task<byte[]> WriteAsync(IReadOnlyList<(byte[] Image, string Path, long Label)> rows, IReadOnlyList<string> names, int rowsPerGroup = 10)
    {
        var bytes = new DataField<byte[]>("bytes");
        var path = new DataField<string>("path");
        var label = new DataField<long?>("label");
        var schema = new ParquetSchema(new StructField("img", bytes, path), label);
        var metadata = new
        {
            info = new
            {
                features = new Dictionary<string, object>
                {
                    ["img"] = new Dictionary<string, object?> { ["_type"] = "Image" },
                    ["label"] = new Dictionary<string, object> { ["names"] = names, ["_type"] = "ClassLabel" },
                },
            },
        };
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = JsonSerializer.Serialize(metadata) };
            for (int start = 0; start < rows.Count; start += rowsPerGroup)
            {
                var group = rows.Skip(start).Take(rowsPerGroup).ToArray();
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync(bytes, group.Select(r => r.Image).ToArray());
                await rg.WriteAsync(path, group.Select(r => r.Path).ToArray());
                await rg.WriteAsync<long>(label, group.Select(r => (long?)r.Label).ToArray().AsMemory());
            }
        }
        return stream.ToArray();
    }
}
