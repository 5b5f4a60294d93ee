using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

public class CorrelatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Should_GiveRhoOne_When_RankingsAreIdentical()
    {
        // Given two models whose per-class IDs have the same order but different values
        var rows = SyntheticRows.Flat("a", 2, 1, 2, 3, 4, 5)
            .Concat(SyntheticRows.Flat("b", 4, 10, 20, 35, 41, 90)).ToList();

        // When
        var result = Correlator.Correlate(rows, new CorrelateOptions());

        // Then ρ = 1 exactly, p = 0, and the agreement is 1 at the summary and at every depth
        var pair = Assert.Single(result.AtSummary.Pairs);
        Assert.Equal(1.0, pair.Spearman.Coefficient, Tolerance);
        Assert.Equal(0.0, pair.Spearman.PValue, Tolerance);
        Assert.True(pair.Pearson.Coefficient is > 0.9 and < 1);
        Assert.Equal(5, pair.N);
        Assert.All(result.ByDepth, p => Assert.Equal(1.0, p.Agreement, Tolerance));
    }

    [Fact]
    public void Should_MatchTheTextbookFormula_When_ThereAreNoTies()
    {
        // Given ranks x = 1..6 and y with known squared rank differences: d = (0, 1, −1, 2, −1, −1), Σd² = 8
        double[] x = [1, 2, 3, 4, 5, 6];
        double[] y = [1, 3, 2, 6, 4, 5];
        var rows = SyntheticRows.Flat("a", 1, x).Concat(SyntheticRows.Flat("b", 1, y)).ToList();

        // When
        var pair = Assert.Single(Correlator.Correlate(rows, new CorrelateOptions()).AtSummary.Pairs);

        // Then ρ = 1 − 6Σd² / (n(n² − 1)) = 1 − 48/210 (Spearman 1904; exact without ties)
        Assert.Equal(1 - 6.0 * 8 / (6 * 35), pair.Spearman.Coefficient, Tolerance);
    }

    [Fact]
    public void Should_GiveRhoMinusOne_When_RankingsAreReversed()
    {
        var rows = SyntheticRows.Flat("a", 1, 1, 2, 3, 4).Concat(SyntheticRows.Flat("b", 1, 9, 7, 5, 1)).ToList();
        var pair = Assert.Single(Correlator.Correlate(rows, new CorrelateOptions()).AtSummary.Pairs);
        Assert.Equal(-1.0, pair.Spearman.Coefficient, Tolerance);
    }

    [Fact]
    public void Should_CorrelateTheChosenLayer_When_SummaryIsAnIndexOrMax()
    {
        // Given model b agrees with a at layer 1 and disagrees at its last layer 2
        var a = SyntheticRows.Model("a", [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
        var b = SyntheticRows.Model("b", [[0, 0, 0, 0.5], [10, 20, 30, 40], [4, 3, 2, 1]]);
        var rows = a.Concat(b).ToList();

        // Then "last" sees disagreement, "1" agreement, "max" (per class 10, 20, 30, 40) agreement
        Assert.Equal(-1.0, Rho(rows, LayerSummary.Last), Tolerance);
        Assert.Equal(1.0, Rho(rows, LayerSummary.AtLayer(1)), Tolerance);
        Assert.Equal(1.0, Rho(rows, LayerSummary.Max), Tolerance);
        Assert.Equal(1.0, Rho(rows, LayerSummary.AtDepth(0.5)), Tolerance);

        var result = Correlator.Correlate(rows, new CorrelateOptions(LayerSummary.Max));
        Assert.All(result.AtSummary.Layers, l => Assert.Null(l.Layer));
        Assert.Equal("max", result.AtSummary.Selection);
    }

    [Fact]
    public void Should_ReadEveryModelAtItsNearestLayer_When_BuildingTheDepthGrid()
    {
        // Given models with 2 and 4 blocks
        var rows = SyntheticRows.Flat("shallow", 2, 1, 2, 3).Concat(SyntheticRows.Flat("deep", 4, 1, 2, 3)).ToList();

        // When
        var byDepth = Correlator.Correlate(rows, new CorrelateOptions()).ByDepth;

        // Then the grid is the shallow model's 0, 0.5, 1 and the deep model is read at 0, 2, 4
        Assert.Equal([0.0, 0.5, 1.0], byDepth.Select(p => p.Depth!.Value));
        Assert.Equal([0, 2, 4], byDepth.Select(p => p.Layers.Single(l => l.Model == "deep").Layer!.Value));
        Assert.Equal(["0", "0.5", "1"], byDepth.Select(p => p.Selection));
    }

    [Fact]
    public void Should_TakeTheMedianRhoOverPairs_When_ComputingAgreement()
    {
        // Given three models: a and b agree (ρ = 1), c is reversed against both (ρ = −1)
        var rows = SyntheticRows.Flat("a", 1, 1, 2, 3, 4)
            .Concat(SyntheticRows.Flat("b", 1, 2, 3, 4, 5))
            .Concat(SyntheticRows.Flat("c", 1, 4, 3, 2, 1)).ToList();

        // Then the median of (1, −1, −1) is −1
        var result = Correlator.Correlate(rows, new CorrelateOptions());
        Assert.Equal(3, result.AtSummary.Pairs.Count);
        Assert.Equal(-1.0, result.AtSummary.Agreement, Tolerance);
        Assert.Equal(2.5, Correlator.Median([4, 1, 2, 3]));
        Assert.True(double.IsNaN(Correlator.Median([double.NaN])));
    }

    [Fact]
    public void Should_PutPearsonBelowAndSpearmanAbove_When_ReadingThePanelAsAMatrix()
    {
        var rows = SyntheticRows.Flat("a", 1, 1, 2, 3, 10).Concat(SyntheticRows.Flat("b", 1, 1, 2, 3, 4)).ToList();
        var panel = Correlator.Correlate(rows, new CorrelateOptions()).AtSummary;
        Assert.Same(panel.Pair(0, 1), panel.Pair(1, 0));
        Assert.Equal("a", panel.Pair(1, 0).ModelA);
    }

    [Fact]
    public void Should_DropMissingClassesAndReportUndefined_When_IdsAreNaNOrConstant()
    {
        var rows = SyntheticRows.Flat("a", 1, 1, 2, double.NaN, 4, 5)
            .Concat(SyntheticRows.Flat("b", 1, 1, 2, 3, 4, 6))
            .Concat(SyntheticRows.Flat("flat", 1, 7, 7, 7, 7, 7)).ToList();
        var panel = Correlator.Correlate(rows, new CorrelateOptions()).AtSummary;

        var ab = panel.Pairs.Single(p => p.ModelA == "a" && p.ModelB == "b");
        Assert.Equal(4, ab.N);
        Assert.Equal(1.0, ab.Spearman.Coefficient, Tolerance);
        var flat = panel.Pairs.Single(p => p.ModelB == "flat" && p.ModelA == "b");
        Assert.True(double.IsNaN(flat.Spearman.Coefficient));
        Assert.True(double.IsNaN(flat.Pearson.PValue));
        Assert.Equal(1.0, panel.Agreement, Tolerance); // the median over defined pairs only
    }

    [Fact]
    public void Should_CorrelateTrueDimensions_When_CalibrationDimsAndPixelsAreGiven()
    {
        // Given class names with known d_k, a model, and the pixels pseudo-model (layer 0 only)
        var model = SyntheticRows.Model("m", [[2.1, 3.9, 6.2, 8.1], [1, 1, 2, 3]]);
        var pixels = SyntheticRows.Model("pixels", [[5, 4, 6, 7]]);
        var truth = new Dictionary<string, double> { ["class0"] = 2, ["class1"] = 4, ["class2"] = 6, ["class3"] = 8 };

        // When
        var result = Correlator.Correlate(model.Concat(pixels).ToList(), new CorrelateOptions(TrueDimensions: truth));

        // Then pixels is not a model of the matrices, and ρ(d_k, ID at layer 0) is 1 for m and 0.8 in pixel space
        Assert.Equal(["m"], result.Models);
        var calibration = Assert.IsType<CalibrationResult>(result.Calibration);
        Assert.Equal(["m", "pixels"], calibration.Correlations.Select(c => c.Model));
        Assert.Equal(1.0, calibration.Correlations[0].Spearman.Coefficient, Tolerance);
        Assert.Equal(1 - 6.0 * 2 / (4 * 15), calibration.Correlations[1].Spearman.Coefficient, Tolerance); // d = (1, −1, 0, 0)
        Assert.All(calibration.Correlations, c => Assert.Equal(0, c.Layer));
    }

    [Fact]
    public void Should_NameTheGap_When_ALayerIsMissing()
    {
        var rows = SyntheticRows.Model("m", [[1, 2, 3], [1, 2, 3]]).Where(r => !(r.Layer == 1 && r.Class == "2")).ToList();
        var error = Assert.Throws<FormatException>(() => Correlator.Correlate(rows, new CorrelateOptions()));
        Assert.Contains("layer 1, class 2", error.Message);
    }

    [Fact]
    public void Should_AskWhichEstimator_When_TwoNnCsvHoldsSeveral()
    {
        var rows = SyntheticRows.Model("m", [[1, 2, 3]], "fit").Concat(SyntheticRows.Model("m", [[1, 2, 4]], "mle")).ToList();
        Assert.Contains("several estimators", Assert.Throws<FormatException>(() => Correlator.Correlate(rows, new CorrelateOptions())).Message);
        Assert.Equal("mle", Correlator.Correlate(rows, new CorrelateOptions(Estimator: "mle")).Estimator);
    }

    private static double Rho(IReadOnlyList<TwoNnRow> rows, LayerSummary summary) =>
        Correlator.Correlate(rows, new CorrelateOptions(summary)).AtSummary.Pairs.Single().Spearman.Coefficient;
}
