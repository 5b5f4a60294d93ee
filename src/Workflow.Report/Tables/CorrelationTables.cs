using Workflow.Core.Correlate;
using Workflow.Core.Statistics;
using Workflow.Report.Document;

namespace Workflow.Report.Tables;

/// <summary>The correlation tables: the poster's triangle table, the pairs with p-values, and agreement by depth.</summary>
public static class CorrelationTables
{
    /// <summary>The poster's layout: Pearson r below the diagonal, Spearman ρ above it, significance marks.</summary>
    public static Table Triangle(CorrelationPanel panel, string selection, int number)
    {
        ArgumentNullException.ThrowIfNull(panel);
        string[] models = panel.Models.ToArray();
        var rows = new List<IReadOnlyList<string>>();
        var shading = new List<IReadOnlyList<double?>>();
        for (int i = 0; i < models.Length; i++)
        {
            var row = new List<string> { models[i] };
            var shade = new List<double?> { null };
            for (int j = 0; j < models.Length; j++)
            {
                if (i == j) { row.Add("—"); shade.Add(null); continue; }
                var pair = panel.Pair(i, j);
                var test = i > j ? pair.Pearson : pair.Spearman;
                row.Add(TextFormat.Marked(test.Coefficient, test.PValue));
                shade.Add(test.Coefficient);
            }
            rows.Add(row);
            shading.Add(shade);
        }
        return new Table(number,
            $"Per-class ID correlation at {selection}: Pearson r below the diagonal, Spearman ρ above; * p < 0.05, ** p < 0.01, *** p < 0.001.",
            models.Prepend("").ToArray(), rows, models.Select(_ => Align.Right).Prepend(Align.Left).ToArray(), shading);
    }

    /// <summary>Every model pair with n, r, ρ and both p-values.</summary>
    public static Table Pairs(CorrelationPanel panel, string selection, int number)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var layers = panel.Layers.ToDictionary(l => l.Model, l => l.Layer);
        var tested = panel.Pairs.Select(p => p.PearsonSignificance).FirstOrDefault(s => s is not null);
        // Each coefficient: its value and t p-value; with significance also its interval and permutation p.
        IEnumerable<string> Cells(CorrelationResult r, CorrelationSignificanceResult? s) => tested is null
            ? [TextFormat.Coefficient(r.Coefficient), TextFormat.PValue(r.PValue)]
            : [TextFormat.Coefficient(r.Coefficient), Interval(s), TextFormat.PValue(r.PValue), PermutationP(s)];
        var rows = panel.Pairs.Select(p => (IReadOnlyList<string>)
        [
            $"{p.ModelA} – {p.ModelB}",
            Layer(layers[p.ModelA]) + " / " + Layer(layers[p.ModelB]),
            TextFormat.Integer(p.N),
            .. Cells(p.Pearson, p.PearsonSignificance), .. Cells(p.Spearman, p.SpearmanSignificance),
        ]).ToList();
        string[] headers = tested is null
            ? ["Pair", "Layers", "n", "Pearson r", "p", "Spearman ρ", "p"]
            : ["Pair", "Layers", "n", "Pearson r", "95 % interval", "p (t)", "p (perm.)", "Spearman ρ", "95 % interval", "p (t)", "p (perm.)"];
        Align[] align = [Align.Left, .. Enumerable.Repeat(Align.Right, headers.Length - 1)];
        if (tested is null)
            return new Table(number, $"Model pairs at {selection} (n = classes; two-sided p from Student's t with n − 2 degrees of freedom).", headers, rows, align);
        string shuffles = tested.Permutations == 0 ? "no label shuffles"
            : tested.Exact ? $"permutation p exact over all {tested.Permutations:N0} class orders"
            : $"permutation p from {tested.Permutations:N0} seeded label shuffles, (1 + #≥)/(1 + B)";
        string interval = tested.Resamples == 0 ? "no bootstrap resamples (twonn.bootstrap: 0), so no interval"
            : $"95 % interval: percentiles of r and ρ over {tested.Resamples} bootstrap resamples of the images, both models re-estimated on the same resample";
        return new Table(number, $"Model pairs at {selection} (n = classes; p (t): two-sided, Student's t with n − 2 degrees of freedom; " +
                                 $"p (perm.): two-sided, {shuffles}; {interval}).", headers, rows, align);
    }

    private static string Interval(CorrelationSignificanceResult? s) =>
        s is { Low: { } low, High: { } high } ? $"[{TextFormat.Coefficient(low)}, {TextFormat.Coefficient(high)}]" : "–";

    private static string PermutationP(CorrelationSignificanceResult? s) =>
        s is not null && double.IsFinite(s.PermutationP) ? TextFormat.PValue(s.PermutationP) : "–";

    /// <summary>Agreement (median Spearman ρ over pairs) at every depth of the common grid, with the layers used.</summary>
    public static Table ByDepth(IReadOnlyList<CorrelationPanel> byDepth, IReadOnlyList<string> models, int number)
    {
        ArgumentNullException.ThrowIfNull(byDepth);
        ArgumentNullException.ThrowIfNull(models);
        var rows = byDepth.Select(p =>
        {
            double[] rho = p.Pairs.Select(q => q.Spearman.Coefficient).Where(double.IsFinite).ToArray();
            var layers = p.Layers.ToDictionary(l => l.Model, l => l.Layer);
            return (IReadOnlyList<string>)
            [
                TextFormat.Depth(p.Depth ?? double.NaN),
                .. models.Select(m => Layer(layers[m])),
                TextFormat.Coefficient(p.Agreement),
                rho.Length == 0 ? TextFormat.Missing : TextFormat.Coefficient(rho.Min()),
                rho.Length == 0 ? TextFormat.Missing : TextFormat.Coefficient(rho.Max()),
            ];
        }).ToList();
        return new Table(number, "Agreement against relative depth: the layer each model is read at, and the median (min, max) Spearman ρ over model pairs.",
            ["Depth", .. models.Select(m => $"{m} layer"), "Median ρ", "Min ρ", "Max ρ"], rows,
            Enumerable.Repeat(Align.Right, models.Count + 4).ToArray());
    }

    private static string Layer(int? layer) => layer is int l ? TextFormat.Integer(l) : "all";
}
