using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

public class TwoNnCsvTests
{
    [Fact]
    public void Should_ReadColumnsByName_When_OptionalNumbersAreEmptyAndFieldsQuoted()
    {
        const string csv = """
            model,layer,depth,class,class_name,estimator,id,n,n_used,duplicates,ci_low,ci_high,r2,extra
            vit,3,0.25,7,"horse, brown",fit,12.5,500,498,2,,,0.99,x
            vit,3,0.25,all,,fit,20,5000,5000,0,19,21,,x
            """;
        var rows = TwoNnCsv.Read(new StringReader(csv));

        Assert.Equal(2, rows.Count);
        var row = rows[0];
        Assert.Equal(("vit", 3, 0.25, "7", "horse, brown", "fit"), (row.Model, row.Layer, row.Depth, row.Class, row.ClassName, row.Estimator));
        Assert.Equal((12.5, 500, 498, 2), (row.Id, row.N, row.NUsed, row.Duplicates));
        Assert.True(double.IsNaN(row.CiLow) && double.IsNaN(row.CiHigh));
        Assert.False(row.IsPooled);
        Assert.True(rows[1].IsPooled);
    }

    [Fact]
    public void Should_NameTheMissingColumns_When_HeaderIsIncomplete()
    {
        var error = Assert.Throws<FormatException>(() => TwoNnCsv.Read(new StringReader("model,layer,class\nvit,0,1\n"), "x.csv"));
        Assert.Contains("depth", error.Message);
        Assert.Contains("x.csv", error.Message);
    }

    [Fact]
    public void Should_PointAtTheLine_When_ANumberIsNotInvariant()
    {
        var error = Assert.Throws<FormatException>(() => TwoNnCsv.Read(new StringReader("model,layer,depth,class,estimator,id\nvit,0,0,1,fit,\"1,5\"\n")));
        Assert.Contains("line 2, column id", error.Message);
    }
}
