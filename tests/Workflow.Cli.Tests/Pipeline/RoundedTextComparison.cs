using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Compares two texts that print rounded numbers (the report): the words must be equal, and each number may differ by one
/// unit in its last printed decimal — a value within round-off of a rounding boundary (Intel and AMD CPUs differ in the
/// sixth significant digit in portable numerics, docs/numerics.md) prints as 4.78 on one and 4.79 on the other. Anything
/// larger, and any change of the words, is a difference.
/// </summary>
internal static partial class RoundedTextComparison
{
    /// <summary>Every difference, as "line N: expected vs actual" (empty when equal).</summary>
    public static IReadOnlyList<string> Differences(string expected, string actual)
    {
        string[] e = expected.Replace("\r\n", "\n").Split('\n'), a = actual.Replace("\r\n", "\n").Split('\n');
        var found = new List<string>();
        if (e.Length != a.Length) found.Add($"{e.Length} lines vs {a.Length} lines");
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
            if (!LinesMatch(e[i], a[i])) found.Add($"line {i + 1}: {e[i]}\n   vs: {a[i]}");
        return found;
    }

    private static bool LinesMatch(string expected, string actual)
    {
        if (expected == actual) return true;
        var x = Number().Matches(expected);
        var y = Number().Matches(actual);
        if (x.Count != y.Count || Number().Replace(expected, "#") != Number().Replace(actual, "#")) return false;
        for (int k = 0; k < x.Count; k++)
        {
            if (x[k].Value == y[k].Value) continue;
            int decimals = Decimals(x[k].Value);
            // Integers (counts, layers, classes) are exact; a rounded value has a decimal point.
            if (decimals == 0 || decimals != Decimals(y[k].Value)) return false;
            double u = double.Parse(x[k].Value, CultureInfo.InvariantCulture), v = double.Parse(y[k].Value, CultureInfo.InvariantCulture);
            if (Math.Abs(u - v) > Math.Pow(10, -decimals) * 1.0000001) return false;
        }
        return true;
    }

    private static int Decimals(string number) => number.Contains('.', StringComparison.Ordinal) ? number.Length - number.IndexOf('.', StringComparison.Ordinal) - 1 : 0;

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
