using System.Text;
using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

public class CorrelationJsonTests
{
    [Fact]
    public void Should_ReadBackWhatItWrote_When_RoundTripped()
    {
        // Given a result with a constant model (NaN coefficients) and calibration
        var rows = SyntheticRows.Flat("a", 2, 1, 2, 3, 4).Concat(SyntheticRows.Flat("b", 4, 1, 3, 2, 4))
            .Concat(SyntheticRows.Flat("c", 2, 5, 5, 5, 5)).ToList();
        var truth = new Dictionary<string, double> { ["class0"] = 1, ["class1"] = 2, ["class2"] = 3, ["class3"] = 4 };
        var result = Correlator.Correlate(rows, new CorrelateOptions(LayerSummary.AtDepth(0.5), TrueDimensions: truth));

        // When
        string json = CorrelationJson.ToJson(result);
        var back = CorrelationJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        // Then writing the read result gives the same bytes, and NaN survives as null
        Assert.Equal(json, CorrelationJson.ToJson(back));
        Assert.StartsWith("{\n  \"schema\": \"idim.correlation/1\",", json);
        Assert.Contains("\"spearman_rho\": null", json);
        Assert.Equal(result.Summary, back.Summary);
        Assert.Equal(result.AtSummary.Pairs[0].Spearman.Coefficient, back.AtSummary.Pairs[0].Spearman.Coefficient, 1e-6);
    }

    [Fact]
    public void Should_RefuseAnotherSchema_When_Reading()
    {
        var error = Assert.Throws<FormatException>(() => CorrelationJson.Read(new MemoryStream("{\"schema\":\"x/9\"}"u8.ToArray())));
        Assert.Contains("idim.correlation/1", error.Message);
    }

    [Fact]
    public void Should_WriteOneRowPerPairAndSelection_When_WritingCsv()
    {
        var rows = SyntheticRows.Flat("a", 2, 1, 2, 3).Concat(SyntheticRows.Flat("b", 2, 1, 3, 2)).ToList();
        string[] lines = CorrelationCsv.ToCsv(Correlator.Correlate(rows, new CorrelateOptions())).TrimEnd('\n').Split('\n');
        Assert.Equal(CorrelationCsv.Header, lines[0]);
        Assert.Equal(1 + 1 + 3, lines.Length); // header, summary, depths 0, 0.5, 1
        Assert.StartsWith("last,,a,2,b,2,3,", lines[1]);
        Assert.StartsWith("0.5,0.5,a,1,b,1,3,", lines[3]);
    }
}
