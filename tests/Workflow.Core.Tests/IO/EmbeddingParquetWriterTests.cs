using Workflow.Core.IO;

namespace Workflow.Core.Tests.IO;

/// <summary>The streaming writer: rows appended in uneven batches come back in order, whatever the row-group boundaries.</summary>
public class EmbeddingParquetWriterTests
{
    [Theory]
    [InlineData(100, 37)]  // groups of 100 filled by batches of 37: every boundary falls inside a batch
    [InlineData(1, 5)]     // one row per group
    [InlineData(1000, 64)] // one partial group, buffer grown several times
    public async Task Should_RoundTripEveryRow_When_AppendedInBatches(int rowsPerGroup, int batch)
    {
        const int rows = 259, dimension = 7;
        var values = Enumerable.Range(0, rows * dimension).Select(i => (float)Math.Sin(i)).ToArray();
        var index = Enumerable.Range(1000, rows).ToArray();
        var labels = Enumerable.Range(0, rows).Select(i => i % 10).ToArray();
        var stream = new MemoryStream();
        using (var writer = EmbeddingParquetWriter.Create(stream, dimension, new Dictionary<string, string> { ["idim.layer"] = "3" }, rowsPerGroup))
        {
            for (int start = 0; start < rows; start += batch)
            {
                int count = Math.Min(batch, rows - start);
                writer.Append(index.AsSpan(start, count), labels.AsSpan(start, count), values.AsSpan(start * dimension, count * dimension));
            }
            writer.Complete();
        }
        stream.Position = 0;

        var table = await EmbeddingParquet.ReadAsync(stream);

        Assert.Equal(index, table.Index);
        Assert.Equal(labels, table.Labels);
        Assert.Equal(values, table.Vectors.Values);
        Assert.Equal(dimension, table.Vectors.Columns);
        Assert.Equal("3", table.Metadata["idim.layer"]);
    }

    [Fact]
    public void Should_Refuse_When_ABatchHasTheWrongNumberOfValues()
    {
        using var writer = EmbeddingParquetWriter.Create(new MemoryStream(), 4, new Dictionary<string, string>());
        Assert.Throws<ArgumentException>(() => writer.Append([1, 2], [0, 0], new float[7]));
    }
}
