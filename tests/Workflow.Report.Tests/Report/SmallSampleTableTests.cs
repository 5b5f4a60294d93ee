using Workflow.Core.Correlate;
using Workflow.Report.Document;
using Workflow.Report.Tables;

namespace Workflow.Report.Tests.Report;

/// <summary>Estimates from too few points are listed apart in the report, with the reason.</summary>
public class SmallSampleTableTests
{
    private static TwoNnRow Row(string cls, double id, int nUsed) =>
        new("vit", 1, 1.0, cls, "class" + cls, "fit", id, nUsed + 1, nUsed, 0, double.NaN, double.NaN, double.NaN);

    [Fact]
    public void Should_ListOnlyTheSmallSampleClasses_When_SomeClassesHaveFewPoints()
    {
        var rows = new[]
        {
            Row("all", 9.0, 900), Row("0", 8.0, 450), Row("1", 0.7, 2), Row("2", 40.0, 12),
            Row("all", 9.5, 900) with { Layer = 0, Depth = 0 }, Row("0", 8.5, 450) with { Layer = 0, Depth = 0 },
            Row("1", 7.5, 450) with { Layer = 0, Depth = 0 }, Row("2", 6.5, 450) with { Layer = 0, Depth = 0 },
        };
        var ids = ClassIdTable.FromRows(rows);

        IReadOnlyList<Block> blocks = SmallSampleTable.Create(ids, 3);

        var table = Assert.IsType<Table>(blocks[1]);
        Assert.Equal(3, table.Number);
        Assert.Equal(["1", "2"], table.Rows.Select(r => r[2][^2..^1]));
        Assert.Equal(["2", "12"], table.Rows.Select(r => r[4]));
        Assert.StartsWith("Warning: 2 per-class estimate(s)", Assert.IsType<Paragraph>(blocks[0]).Text);
    }

    [Fact]
    public void Should_AddNothing_When_EveryClassHasEnoughPoints()
    {
        TwoNnRow[] layer1 = [Row("all", 9.0, 900), Row("0", 8.0, 450), Row("1", 7.0, 450)];
        var ids = ClassIdTable.FromRows([.. layer1.Select(r => r with { Layer = 0, Depth = 0 }), .. layer1]);

        Assert.Empty(SmallSampleTable.Create(ids, 3));
    }
}
