using Parquet;
using Parquet.Schema;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.IO;

public class EmbeddingParquetTests
{
    private static EmbeddingTable Sample(int rows = 10, int dimension = 4)
    {
        float[] values = Enumerable.Range(0, rows * dimension).Select(i => i * 0.5f - 3).ToArray();
        return new EmbeddingTable(
            Enumerable.Range(100, rows).ToArray(),
            Enumerable.Range(0, rows).Select(i => i % 3).ToArray(),
            new PointMatrix(values, rows, dimension),
            new Dictionary<string, string> { ["model"] = "google/vit-base-patch16-224", ["layer"] = "12", ["pooling"] = "cls" });
    }

    [Fact]
    public async Task Should_RoundTripColumnsAndMetadata_When_SeveralRowGroups()
    {
        EmbeddingTable table = Sample();
        var stream = new MemoryStream();
        await EmbeddingParquet.WriteAsync(stream, table, rowsPerGroup: 3);
        stream.Position = 0;

        EmbeddingTable back = await EmbeddingParquet.ReadAsync(stream);

        Assert.Equal(table.Index, back.Index);
        Assert.Equal(table.Labels, back.Labels);
        Assert.Equal(table.Vectors.Values, back.Vectors.Values);
        Assert.Equal(4, back.Vectors.Columns);
        Assert.Equal("cls", back.Metadata["pooling"]);
        Assert.Equal("12", back.Metadata["layer"]);
    }

    [Fact]
    public async Task Should_WriteStandardListSchema_When_WritingVectors()
    {
        var stream = new MemoryStream();
        await EmbeddingParquet.WriteAsync(stream, Sample(), rowsPerGroup: 4);
        stream.Position = 0;
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream);

        Assert.Equal(3, reader.RowGroupCount); // 4 + 4 + 2 rows
        Assert.Equal(["index", "label", "vector"], reader.Schema.Fields.Select(f => f.Name));
        var vector = Assert.IsType<ListField>(reader.Schema.Fields[2]);
        // Three-level LIST (vector → list → element) as the Parquet spec and pyarrow write it.
        Assert.Equal("element", vector.Item.Name);
        Assert.Equal(["vector", "list", "element"], reader.Schema.GetDataFields()[2].Path.ToList());
        Assert.Equal(typeof(float), Assert.IsType<DataField>(vector.Item, exactMatch: false).ClrType);
    }

    [Fact]
    public async Task Should_ListAlternatives_When_ColumnIsNotAFloatList()
    {
        var stream = new MemoryStream();
        await EmbeddingParquet.WriteAsync(stream, Sample());
        stream.Position = 0;
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmbeddingParquet.ReadAsync(stream, "label"));
        Assert.Contains("vector", error.Message);
        Assert.Contains("--column", error.Message);
    }

    [Fact]
    public async Task Should_ReadNamedColumn_When_FileHasOtherListColumns()
    {
        var element = new DataField<float>("element");
        var schema = new ParquetSchema(new DataField<int>("label"), new ListField("emb", element));
        var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync<int>((DataField)schema.Fields[0], new[] { 5, 6 });
            int max = element.MaxDefinitionLevel;
            await group.WriteAllPartsAsync<float>(element, new[] { 1f, 2f, 3f, 4f, 5f, 6f }, new[] { max, max, max, max, max, max }, new[] { 0, 1, 1, 0, 1, 1 }, CancellationToken.None);
        }
        stream.Position = 0;

        EmbeddingTable table = await EmbeddingParquet.ReadAsync(stream, "emb");

        Assert.Equal(3, table.Vectors.Columns);
        Assert.Equal([0, 1], table.Index);
        Assert.Equal([5, 6], table.Labels!);
        Assert.Equal([4f, 5f, 6f], table.Vectors.Row(1).ToArray());
    }
}
