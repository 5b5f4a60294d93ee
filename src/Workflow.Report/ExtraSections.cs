using System.Globalization;
using Workflow.Core.Correlate;
using Workflow.Report.Document;
using Workflow.Report.Figures;

namespace Workflow.Report;

/// <summary>
/// The report sections of issue 14 (present only when the Estimators and Similarity stages ran): GRIDE's ID against
/// scale per model for its last layer, the estimators side by side against depth, the calibration check of every
/// estimator (with permutation p and resampling intervals), and per model pair the CKA and mutual k-NN layer × layer
/// heat maps with the best-matching layer.
/// </summary>
public static class ExtraSections
{
    /// <summary>The sections; figure and table numbers continue from <paramref name="figure"/> and <paramref name="table"/>.</summary>
    public static IReadOnlyList<Section> Build(ExtraAnalyses extras, ClassIdTable ids, ref int figure, ref int table)
    {
        ArgumentNullException.ThrowIfNull(extras);
        ArgumentNullException.ThrowIfNull(ids);
        var sections = new List<Section>();
        if (extras.Estimators.Count > 0)
        {
            var blocks = new List<Block>
            {
                new Paragraph("Beyond TwoNN: GRIDE (Denti et al. 2022, DADApy's conventions) at the neighbour ranks n1 = 1, 2, 4, …, n2 = 2·n1, " +
                              "the Levina–Bickel MLE (scikit-dimension's, k = 20) and linear PCA dimensions, on the same points (duplicates collapsed first)."),
            };
            foreach (string model in extras.Estimators.Select(r => r.Model).Distinct())
            {
                int last = extras.Estimators.Where(r => r.Model == model).Max(r => r.Layer);
                if (GrideScaleFigure.Create(extras.Estimators, model, last, figure + 1) is { } scale) { blocks.Add(scale); figure++; }
                if (model != ClassIdTable.PixelsModel && EstimatorsDepthFigure.Create(extras.Estimators, ids, model, figure + 1) is { } depth) { blocks.Add(depth); figure++; }
            }
            if (extras.Calibration.Count > 0) blocks.Add(CalibrationTable(extras.Calibration, ++table));
            sections.Add(new Section("estimators", "Estimators side by side", blocks));
        }
        if (extras.Similarity.Count > 0)
        {
            var blocks = new List<Block>
            {
                new Paragraph("How similar are the learned representations, not only their dimensions: linear CKA (Kornblith et al. 2019) and mutual " +
                              "k-nearest-neighbour alignment (Huh et al. 2024) between every layer of one model and every layer of another on the same images. " +
                              "Each value has a row-shuffle permutation p in similarity/<a>__<b>.json."),
            };
            foreach (SimilarityPair pair in extras.Similarity)
            {
                SimilaritySet all = pair.Sets.First(s => s.Class == "all");
                blocks.Add(new SubHeading($"{pair.ModelA} and {pair.ModelB}"));
                blocks.Add(LayerSimilarityFigure.Create(pair, all.Cka, all.BestCka, "linear CKA", ++figure));
                blocks.Add(LayerSimilarityFigure.Create(pair, all.Mknn, all.BestMknn, $"mutual {pair.MknnK}-NN", ++figure));
                blocks.Add(BestMatchTable(pair, all, ++table));
            }
            sections.Add(new Section("similarity", "Similarity of the representations", blocks));
        }
        return sections;
    }

    private static Table CalibrationTable(IReadOnlyList<CalibrationCorrelation> rows, int number) => new(number,
        "Per-class estimates of the raw pixels against the known d_k: the coefficient, its label-shuffle permutation p (two-sided; exact over all " +
        "class orders when that is within the budget) and a 95 % interval over resamples that re-estimate every class on random 90 % subsets.",
        ["Estimator", "Correlation", "Coefficient", "Permutation p", "95 % interval"],
        rows.Select(r => (IReadOnlyList<string>)[r.Estimator, r.Method == "spearman" ? "Spearman ρ" : "Pearson r", TextFormat.Coefficient(r.Coefficient),
            TextFormat.PValue(r.PermutationP) + (r.Exact ? " (exact)" : FormattableString.Invariant($" ({r.Permutations} perm.)")),
            r.Low is { } low ? FormattableString.Invariant($"[{TextFormat.Coefficient(low)}, {TextFormat.Coefficient(r.High!.Value)}]") : "—"]).ToList(),
        [Align.Left, Align.Left, Align.Right, Align.Right, Align.Right]);

    private static Table BestMatchTable(SimilarityPair pair, SimilaritySet all, int number) => new(number,
        $"Which layer of {pair.ModelB} matches each layer of {pair.ModelA} best (all classes pooled), by linear CKA and by mutual {pair.MknnK}-NN.",
        [$"Layer of {pair.ModelA}", "Best by CKA", "CKA", "p", "Best by mutual k-NN", "mutual k-NN", "p"],
        Enumerable.Range(0, pair.LayersA.Length).Select(l => (IReadOnlyList<string>)[
            pair.LayersA[l].ToString(CultureInfo.InvariantCulture),
            pair.LayersB[all.BestCka[l]].ToString(CultureInfo.InvariantCulture), all.Cka[l][all.BestCka[l]].ToString("0.000", CultureInfo.InvariantCulture),
            all.PCka is null ? "—" : TextFormat.PValue(all.PCka[l][all.BestCka[l]]),
            pair.LayersB[all.BestMknn[l]].ToString(CultureInfo.InvariantCulture), all.Mknn[l][all.BestMknn[l]].ToString("0.000", CultureInfo.InvariantCulture),
            all.PMknn is null ? "—" : TextFormat.PValue(all.PMknn[l][all.BestMknn[l]])]).ToList(),
        [Align.Right, Align.Right, Align.Right, Align.Right, Align.Right, Align.Right, Align.Right]);
}
