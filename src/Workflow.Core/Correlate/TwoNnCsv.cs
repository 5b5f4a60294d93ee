using System.Globalization;
using System.Text;

namespace Workflow.Core.Correlate;

/// <summary>
/// Reads and writes <c>twonn.csv</c> (columns fixed in docs/architecture.md:
/// <c>model,layer,depth,class,class_name,estimator,id,n,n_used,duplicates,ci_low,ci_high,r2</c>).
/// Columns are found by name, extra columns are ignored; fields may be quoted as in RFC 4180;
/// numbers are invariant culture; an empty optional number (ci_low, ci_high, r2) reads as NaN.
/// </summary>
public static class TwoNnCsv
{
    /// <summary>The columns, in the order the TwoNN stage writes them.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["model", "layer", "depth", "class", "class_name", "estimator", "id", "n", "n_used", "duplicates", "ci_low", "ci_high", "r2"];

    private static readonly string[] Required = ["model", "layer", "depth", "class", "estimator", "id"];

    /// <summary>Reads every row from <paramref name="path"/>.</summary>
    public static IReadOnlyList<TwoNnRow> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    /// <summary>Reads every row; <paramref name="source"/> names the input in error messages.</summary>
    public static IReadOnlyList<TwoNnRow> Read(TextReader reader, string source = "twonn.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? headerLine = reader.ReadLine()
            ?? throw new FormatException($"{source}: the file is empty; expected a header line with {string.Join(",", Columns)}.");
        var header = SplitLine(headerLine.TrimStart('\uFEFF'));
        var index = header.Select((name, i) => (name: name.Trim(), i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().i);
        string[] missing = Required.Where(c => !index.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new FormatException($"{source}: missing column(s) {string.Join(", ", missing)}; found {headerLine}. " +
                                      $"Expected the TwoNN stage's columns {string.Join(",", Columns)}.");

        var rows = new List<TwoNnRow>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = SplitLine(line);
            string Field(string column) =>
                index.TryGetValue(column, out int i) && i < fields.Count ? fields[i] : "";
            string At(string column) => $"{source} line {lineNumber}, column {column}";

            rows.Add(new TwoNnRow(
                Model: Field("model"),
                Layer: ParseInt(Field("layer"), At("layer"), optional: false),
                Depth: ParseDouble(Field("depth"), At("depth"), optional: false),
                Class: Field("class"),
                ClassName: Field("class_name"),
                Estimator: Field("estimator"),
                Id: ParseDouble(Field("id"), At("id"), optional: true),
                N: ParseInt(Field("n"), At("n"), optional: true),
                NUsed: ParseInt(Field("n_used"), At("n_used"), optional: true),
                Duplicates: ParseInt(Field("duplicates"), At("duplicates"), optional: true),
                CiLow: ParseDouble(Field("ci_low"), At("ci_low"), optional: true),
                CiHigh: ParseDouble(Field("ci_high"), At("ci_high"), optional: true),
                R2: ParseDouble(Field("r2"), At("r2"), optional: true)));
        }
        return rows;
    }

    /// <summary>
    /// Writes rows with a header: numbers in invariant culture, round-trip precision, NaN as an empty field;
    /// a trailing <c>note</c> column says why a row has no estimate (<paramref name="notes"/>, by row index).
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<TwoNnRow> rows, IReadOnlyDictionary<int, string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(string.Join(",", Columns));
        writer.Write(",note\n");
        for (int i = 0; i < rows.Count; i++)
        {
            TwoNnRow r = rows[i];
            string?[] fields =
            [
                Quote(r.Model), Int(r.Layer), Number(r.Depth), Quote(r.Class), Quote(r.ClassName), Quote(r.Estimator),
                Number(r.Id), Int(r.N), Int(r.NUsed), Int(r.Duplicates), Number(r.CiLow), Number(r.CiHigh), Number(r.R2),
                Quote(notes is not null && notes.TryGetValue(i, out string? note) ? note : ""),
            ];
            writer.Write(string.Join(",", fields));
            writer.Write('\n');
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    private static int ParseInt(string text, string where, bool optional)
    {
        if (optional && text.Length == 0) return 0;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
        throw new FormatException($"{where}: expected an integer, found '{text}'.");
    }

    private static double ParseDouble(string text, string where, bool optional)
    {
        if (optional && text.Length == 0) return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        throw new FormatException($"{where}: expected a number (invariant culture, '.' as decimal point), found '{text}'.");
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting: "a,b" and doubled quotes inside).</summary>
    internal static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else if (c != '\r') current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
