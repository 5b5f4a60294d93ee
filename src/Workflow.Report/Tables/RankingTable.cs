using Workflow.Core.Correlate;
using Workflow.Core.Statistics;
using Workflow.Report.Document;

namespace Workflow.Report.Tables;

/// <summary>
/// The class ranking by ID at the layer summary, per model: each cell is "ID (rank)", rank 1 = the lowest ID
/// (average ranks for ties, as Spearman's ρ uses); rows sorted by the mean rank over models.
/// </summary>
public static class RankingTable
{
    /// <summary>Builds the table; a calibration result adds a true d_k column.</summary>
    public static Table Create(CorrelationStageResult correlation, int number)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        var classes = correlation.Classes;
        var ids = correlation.SummaryIds;
        double[][] ranks = ids.Select(m => FiniteRanks(m.Ids)).ToArray();
        var truth = correlation.Calibration?.TrueDimensions.ToDictionary(t => t.Class.Label, t => t.Dimension);

        var order = Enumerable.Range(0, classes.Count)
            .Select(c => (c, mean: ranks.Select(r => r[c]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
            .OrderBy(x => double.IsNaN(x.mean) ? double.MaxValue : x.mean).ThenBy(x => classes[x.c].Label)
            .ToArray();

        var rows = order.Select(o =>
        {
            var row = new List<string> { $"{classes[o.c].Name} ({classes[o.c].Label})" };
            if (truth is not null)
                row.Add(truth.TryGetValue(classes[o.c].Label, out double d) ? TextFormat.Plain(d) : TextFormat.Missing);
            for (int m = 0; m < ids.Count; m++)
                row.Add(double.IsFinite(ids[m].Ids[o.c]) ? $"{TextFormat.Id(ids[m].Ids[o.c])} ({Rank(ranks[m][o.c])})" : TextFormat.Missing);
            row.Add(double.IsFinite(o.mean) ? o.mean.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : TextFormat.Missing);
            return (IReadOnlyList<string>)row;
        }).ToList();

        var header = new List<string> { "Class" };
        if (truth is not null) header.Add("True d_k");
        header.AddRange(ids.Select(m => m.Model));
        header.Add("Mean rank");
        var align = header.Select((_, i) => i == 0 ? Align.Left : Align.Right).ToArray();
        return new Table(number,
            $"Classes ranked by ID at the layer summary ({correlation.Summary.Describe()}): ID (rank) per model, rank 1 = lowest ID; " +
            "rows ordered by the mean rank over models.",
            header, rows, align);
    }

    /// <summary>Average ranks (1-based, <see cref="Ranks.Average"/>) among the finite values; NaN stays NaN.</summary>
    public static double[] FiniteRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int[] finite = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).ToArray();
        double[] ranks = Enumerable.Repeat(double.NaN, values.Count).ToArray();
        double[] finiteRanks = Ranks.Average(finite.Select(i => values[i]).ToArray());
        for (int k = 0; k < finite.Length; k++) ranks[finite[k]] = finiteRanks[k];
        return ranks;
    }

    private static string Rank(double rank) =>
        rank == Math.Floor(rank) ? TextFormat.Integer((long)rank) : rank.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
