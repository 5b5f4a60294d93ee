using Workflow.Report.Document;

namespace Workflow.Report.Tests.Report;

/// <summary>Issue 14's report sections from hand-made Estimators and Similarity outputs.</summary>
public class ExtraSectionsTests
{
    private static ExtraAnalyses Extras()
    {
        var rows = new List<EstimatorRow>();
        foreach (string cls in new[] { "all", "0", "1" })
            for (int n1 = 1; n1 <= 8; n1 *= 2)
                rows.Add(new EstimatorRow("tiny-a", 2, 1.0, cls, cls == "all" ? "all" : "d0" + cls, "gride", n1, 2 * n1, 3.0 + n1 / 8.0, 0.1, 0.1 * n1));
        rows.Add(new EstimatorRow("tiny-a", 2, 1.0, "all", "all", "lb-mle", null, null, 3.2, double.NaN, double.NaN));
        // Layer 1 of A matches layer 0 of B by CKA (0.9) but layer 2 by mutual k-NN (0.7).
        double[][] cka = [[0.8, 0.3, 0.2], [0.9, 0.5, 0.4]], mknn = [[0.6, 0.1, 0.2], [0.2, 0.3, 0.7]];
        var set = new SimilaritySet("all", 100, cka, cka, mknn, null, [[0.01, 0.5, 0.4], [0.02, 0.3, 0.005]], [0, 0], [0, 2]);
        var pair = new SimilarityPair("tiny-a", "tiny-b", [0, 2], [0, 1, 2], 10, [set]);
        return new ExtraAnalyses(rows, [pair], [new CalibrationCorrelation("lb-mle", "spearman", 0.95, 0.0002, 10000, false, 0.9, 0.98)]);
    }

    [Fact]
    public void Should_AddEstimatorAndSimilaritySections_When_TheirOutputsExist()
    {
        ReportDocument document = ReportBuilder.Build(SyntheticRun.Inputs(), new ReportOptions(SyntheticRun.Date), Extras());

        Section estimators = document.Sections.Single(s => s.Id == "estimators");
        Assert.Contains(estimators.Blocks.OfType<Figure>(), f => f.Id == "fig-gride-tiny-a");
        Section similarity = document.Sections.Single(s => s.Id == "similarity");
        Assert.Equal(2, similarity.Blocks.OfType<Figure>().Count());
        Assert.True(document.Sections.ToList().FindIndex(s => s.Id == "similarity") < document.Sections.ToList().FindIndex(s => s.Id == "method"));
    }

    [Fact]
    public void Should_NameTheBestMatchingLayer_When_CkaAndMutualKnnDisagree()
    {
        ReportDocument document = ReportBuilder.Build(SyntheticRun.Inputs(), new ReportOptions(SyntheticRun.Date), Extras());

        Table best = document.Sections.Single(s => s.Id == "similarity").Blocks.OfType<Table>().Single();
        Assert.Equal(["2", "0", "0.900", "—", "2", "0.700", "0.005"], best.Rows[1]);
    }

    [Fact]
    public void Should_LeaveTheReportAsBefore_When_NoExtraOutputs()
    {
        var options = new ReportOptions(SyntheticRun.Date);

        Assert.Equal(MarkdownRenderer.Render(ReportBuilder.Build(SyntheticRun.Inputs(), options)),
            MarkdownRenderer.Render(ReportBuilder.Build(SyntheticRun.Inputs(), options, ExtraAnalyses.None)));
    }
}
