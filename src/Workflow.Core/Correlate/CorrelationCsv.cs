using System.Globalization;
using System.Text;

namespace Workflow.Core.Correlate;

/// <summary>
/// <c>correlation.csv</c>: one row per model pair and layer selection, long format for spreadsheets and pandas:
/// <c>selection,depth,model_a,layer_a,model_b,layer_b,n,pearson_r,pearson_p,spearman_rho,spearman_p</c>, then each
/// coefficient's label-shuffle p and bootstrap interval (empty when not computed).
/// The first rows are the layer summary (<c>depth</c> empty), then every depth of the common grid.
/// Invariant culture; empty fields for undefined values.
/// </summary>
public static class CorrelationCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "selection,depth,model_a,layer_a,model_b,layer_b,n,pearson_r,pearson_p,spearman_rho,spearman_p," +
                                 "pearson_permutation_p,pearson_ci_low,pearson_ci_high,spearman_permutation_p,spearman_ci_low,spearman_ci_high";

    /// <summary>The CSV text ("\n" line ends).</summary>
    public static string ToCsv(CorrelationStageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder().Append(Header).Append('\n');
        foreach (var panel in result.ByDepth.Prepend(result.AtSummary))
        {
            var layers = panel.Layers.ToDictionary(l => l.Model, l => l.Layer);
            foreach (var p in panel.Pairs)
            {
                string[] fields =
                [
                    Quote(panel.Selection), panel.Depth is double d ? Fixed(d) : "",
                    Quote(p.ModelA), Layer(layers[p.ModelA]), Quote(p.ModelB), Layer(layers[p.ModelB]),
                    p.N.ToString(CultureInfo.InvariantCulture),
                    Fixed(p.Pearson.Coefficient), Significant(p.Pearson.PValue),
                    Fixed(p.Spearman.Coefficient), Significant(p.Spearman.PValue),
                    Significant(p.PearsonSignificance?.PermutationP ?? double.NaN),
                    Fixed(p.PearsonSignificance?.Low ?? double.NaN), Fixed(p.PearsonSignificance?.High ?? double.NaN),
                    Significant(p.SpearmanSignificance?.PermutationP ?? double.NaN),
                    Fixed(p.SpearmanSignificance?.Low ?? double.NaN), Fixed(p.SpearmanSignificance?.High ?? double.NaN),
                ];
                text.AppendJoin(',', fields).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Layer(int? layer) => layer?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Fixed(double value) =>
        double.IsFinite(value) ? (Math.Round(value, 6, MidpointRounding.AwayFromZero) + 0.0).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Significant(double value) =>
        double.IsFinite(value) ? JsonNumbers.Significant(value).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
