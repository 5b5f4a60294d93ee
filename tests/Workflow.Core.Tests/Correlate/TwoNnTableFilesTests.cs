using Parquet;
using Parquet.Schema;
using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

/// <summary>twonn.csv written by the TwoNN stage reads back identically; twonn.parquet holds the same rows with nulls for missing numbers.</summary>
public class TwoNnTableFilesTests
{
    private static readonly TwoNnRow[] Rows =
    [
        new("vit", 3, 0.25, "all", "all", "fit", 12.345678901234567, 500, 450, 2, 11.5, 13.25, 0.998),
        new("vit", 0, 0, "7", "horse, \"grey\"", "fit", double.NaN, 50, 0, 0, double.NaN, double.NaN, double.NaN),
    ];

    private static readonly Dictionary<int, string> Notes = new() { [1] = "fewer than 3 distinct points" };

    [Fact]
    public void Should_RoundTripEveryField_When_CsvIsWrittenAndRead()
    {
        var text = new StringWriter();
        TwoNnCsv.Write(text, Rows, Notes);

        var read = TwoNnCsv.Read(new StringReader(text.ToString()));

        Assert.Equal(2, read.Count);
        Assert.Equal(Rows[0], read[0]); // round-trip ("R") formatting keeps every bit
        Assert.Equal("horse, \"grey\"", read[1].ClassName);
        Assert.True(double.IsNaN(read[1].Id));
        Assert.EndsWith(",fewer than 3 distinct points", text.ToString().Split('\n')[2]);
    }

    [Fact]
    public async Task Should_WriteNullsForMissingNumbers_When_ParquetIsWritten()
    {
        var stream = new MemoryStream();
        TwoNnParquet.Write(stream, Rows, Notes);
        stream.Position = 0;

        await using var reader = await ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(0);
        DataField[] fields = reader.Schema.GetDataFields();
        Assert.Equal([.. TwoNnCsv.Columns, "note"], fields.Select(f => f.Name));
        var ids = new double?[2];
        await group.ReadAsync<double>(fields.Single(f => f.Name == "id"), ids);
        Assert.Equal([12.345678901234567, null], ids);
        var layers = new int[2];
        await group.ReadAsync<int>(fields.Single(f => f.Name == "layer"), layers);
        Assert.Equal([3, 0], layers);
    }
}
