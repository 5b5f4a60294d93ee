using System.Globalization;

namespace Workflow.Report.Document;

/// <summary>Numbers as text in the report: invariant culture, fixed precision, an en dash for missing values.</summary>
public static class TextFormat
{
    /// <summary>Shown where a value is undefined (NaN) or absent.</summary>
    public const string Missing = "–";

    /// <summary>An intrinsic dimension: two decimals.</summary>
    public static string Id(double value) => Fixed(value, 2);

    /// <summary>A correlation coefficient: two decimals, with a real minus sign.</summary>
    public static string Coefficient(double value) => Fixed(value, 2);

    /// <summary>A relative depth: up to three decimals (0, 0.25, 0.333).</summary>
    public static string Depth(double value) =>
        double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : Missing;

    /// <summary>An integer.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A plain number for settings (0.1, 200): shortest invariant form.</summary>
    public static string Plain(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A two-sided p-value: three decimals, "&lt;0.001" below that.</summary>
    public static string PValue(double p) =>
        !double.IsFinite(p) ? Missing : p < 0.001 ? "<0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Significance marks as in the poster's tables: * p &lt; 0.05, ** p &lt; 0.01, *** p &lt; 0.001.</summary>
    public static string Stars(double p) =>
        !double.IsFinite(p) ? "" : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "";

    /// <summary>A coefficient with its significance marks, e.g. "0.93**".</summary>
    public static string Marked(double coefficient, double p) =>
        double.IsFinite(coefficient) ? Coefficient(coefficient) + Stars(p) : Missing;

    /// <summary>A date as "yyyy-MM-dd HH:mm UTC".</summary>
    public static string Date(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals)
    {
        if (!double.IsFinite(value)) return Missing;
        double rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero) + 0.0; // no "-0.00"
        string text = rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? "−" + text[1..] : text;
    }
}
