using Workflow.Core.Correlate;

namespace Workflow.Core.Tests.Correlate;

/// <summary>
/// Issue 14 item 3: every pair of the model × model tables carries a label-shuffle p and a bootstrap interval of r and ρ
/// (the classes' IDs re-estimated on resampled images). Checked against closed forms.
/// </summary>
public class CorrelationSignificanceTableTests
{
    [Fact]
    public void Should_GiveTheExactPermutationP_When_TheClassOrdersCanBeEnumerated()
    {
        // n = 4 classes, y an increasing function of x: |r| and |ρ| are 1 only for the identity and the reversal of the
        // 4! = 24 class orders, so the two-sided exact p is 2/24 for both.
        var rows = SyntheticRows.Flat("a", 1, 1, 2, 3, 4).Concat(SyntheticRows.Flat("b", 1, 2, 4, 6, 8)).ToList();

        var pair = Assert.Single(Correlator.Correlate(rows, new CorrelateOptions(Permutations: 1000)).AtSummary.Pairs);

        Assert.Equal(2.0 / 24, pair.PearsonSignificance!.PermutationP, 12);
        Assert.Equal(2.0 / 24, pair.SpearmanSignificance!.PermutationP, 12);
        Assert.True(pair.PearsonSignificance.Exact);
        Assert.Equal(24, pair.PearsonSignificance.Permutations);
        Assert.Null(pair.PearsonSignificance.Low); // no resamples: no interval
    }

    [Fact]
    public void Should_GiveAnIntervalOfThePairedResamples_When_BootstrapEstimatesAreGiven()
    {
        double[] a = [1, 2, 3, 5, 8], b = [2, 1, 4, 3, 9];
        var rows = SyntheticRows.Flat("a", 1, a).Concat(SyntheticRows.Flat("b", 1, b)).ToList();
        // Resample k shifts model a's IDs by k and scales b's by (1 + k): r and ρ are invariant to both, so every
        // resample reproduces the estimate's own coefficient and the interval is that single value.
        var resampled = Enumerable.Range(1, 5).Select(k => (IReadOnlyList<TwoNnRow>)rows
            .Select(r => r with { Id = r.Model == "a" ? r.Id + k : r.Id * (1 + k) }).ToArray()).ToArray();

        var pair = Assert.Single(Correlator.Correlate(rows, new CorrelateOptions(Resampled: resampled)).AtSummary.Pairs);

        Assert.Equal(pair.Pearson.Coefficient, pair.PearsonSignificance!.Low!.Value, 12);
        Assert.Equal(pair.Pearson.Coefficient, pair.PearsonSignificance.High!.Value, 12);
        Assert.Equal(pair.Spearman.Coefficient, pair.SpearmanSignificance!.Low!.Value, 12);
        Assert.Equal(5, pair.PearsonSignificance.Resamples);
        Assert.True(double.IsNaN(pair.PearsonSignificance.PermutationP)); // no shuffles asked for
    }

    [Fact]
    public void Should_LeaveOutAResample_When_OneOfItsClassesHasNoEstimate()
    {
        double[] a = [1, 2, 3, 4], b = [1, 3, 2, 4];
        var rows = SyntheticRows.Flat("a", 1, a).Concat(SyntheticRows.Flat("b", 1, b)).ToList();
        var good = (IReadOnlyList<TwoNnRow>)rows.ToArray();
        var broken = (IReadOnlyList<TwoNnRow>)rows.Select(r => r.Model == "b" && r.Class == "2" ? r with { Id = double.NaN } : r).ToArray();

        var pair = Assert.Single(Correlator.Correlate(rows, new CorrelateOptions(Resampled: [good, broken, good])).AtSummary.Pairs);

        Assert.Equal(2, pair.SpearmanSignificance!.Resamples);
    }

    [Fact]
    public void Should_KeepTheSignificance_When_CorrelationJsonIsWrittenAndReadBack()
    {
        var rows = SyntheticRows.Flat("a", 1, 1, 2, 3, 4, 6).Concat(SyntheticRows.Flat("b", 1, 2, 1, 4, 3, 7)).ToList();
        var resampled = new[] { (IReadOnlyList<TwoNnRow>)rows.ToArray(), rows.Select(r => r with { Id = r.Id * 2 }).ToArray() };
        var result = Correlator.Correlate(rows, new CorrelateOptions(Permutations: 50, Resampled: resampled, Seed: 3));

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(CorrelationJson.ToJson(result)));
        var read = CorrelationJson.Read(stream, "test");

        var written = Assert.Single(result.AtSummary.Pairs);
        var back = Assert.Single(read.AtSummary.Pairs);
        Assert.Equal(written.SpearmanSignificance!.PermutationP, back.SpearmanSignificance!.PermutationP, 6);
        Assert.Equal(written.PearsonSignificance!.Low!.Value, back.PearsonSignificance!.Low!.Value, 6);
        // 5! = 120 class orders exceed the budget of 50: seeded Monte Carlo, and the file says so.
        Assert.Equal(50, back.PearsonSignificance.Permutations);
        Assert.False(back.PearsonSignificance.Exact);
    }
}
