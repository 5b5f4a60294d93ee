using System.Globalization;
using System.Text.Json;

namespace Workflow.Report;

/// <summary>One row of <c>estimators.csv</c> (the Estimators stage).</summary>
public sealed record EstimatorRow(string Model, int Layer, double Depth, string Class, string ClassName, string Estimator, int? N1, int? N2, double Id, double Sigma, double Scale);

/// <summary>One set (all classes or one class) of a model pair's <c>similarity/&lt;a&gt;__&lt;b&gt;.json</c>.</summary>
public sealed record SimilaritySet(string Class, int N, double[][] Cka, double[][] CkaDebiased, double[][] Mknn, double[][]? PCka, double[][]? PMknn, int[] BestCka, int[] BestMknn);

/// <summary>A model pair's layer × layer similarity (the Similarity stage).</summary>
public sealed record SimilarityPair(string ModelA, string ModelB, int[] LayersA, int[] LayersB, int MknnK, IReadOnlyList<SimilaritySet> Sets);

/// <summary>A correlation of per-class pixel estimates with the known d_k (estimators_calibration.json).</summary>
public sealed record CalibrationCorrelation(string Estimator, string Method, double Coefficient, double PermutationP, long Permutations, bool Exact, double? Low, double? High);

/// <summary>
/// The outputs of the Estimators and Similarity stages (issue 14), read when present: a report without them has
/// none of their sections. Parsed here so the figures stay free of I/O.
/// </summary>
public sealed record ExtraAnalyses(IReadOnlyList<EstimatorRow> Estimators, IReadOnlyList<SimilarityPair> Similarity, IReadOnlyList<CalibrationCorrelation> Calibration)
{
    /// <summary>Nothing to add.</summary>
    public static ExtraAnalyses None { get; } = new([], [], []);

    /// <summary>Reads <c>estimators.csv</c>, <c>estimators_calibration.json</c> and <c>similarity/*.json</c> from <paramref name="folder"/>.</summary>
    public static ExtraAnalyses Load(string folder)
    {
        string csv = Path.Combine(folder, "estimators.csv");
        var rows = File.Exists(csv) ? ReadEstimators(csv) : [];
        string calibration = Path.Combine(folder, "estimators_calibration.json");
        var correlations = File.Exists(calibration) ? ReadCalibration(calibration) : [];
        string similarity = Path.Combine(folder, "similarity");
        var pairs = Directory.Exists(similarity)
            ? Directory.GetFiles(similarity, "*.json").Order(StringComparer.Ordinal).Select(ReadPair).ToList()
            : [];
        return new ExtraAnalyses(rows, pairs, correlations);
    }

    private static List<EstimatorRow> ReadEstimators(string path)
    {
        var rows = new List<EstimatorRow>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(',', 13);
            if (f.Length < 12) continue;
            rows.Add(new EstimatorRow(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4], f[5],
                Int(f[6]), Int(f[7]), Number(f[8]), Number(f[9]), Number(f[10])));
        }
        return rows;
    }

    private static List<CalibrationCorrelation> ReadCalibration(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<CalibrationCorrelation>();
        foreach (JsonElement e in doc.RootElement.GetProperty("estimators").EnumerateArray())
            foreach (JsonElement c in e.GetProperty("correlations").EnumerateArray())
                list.Add(new CalibrationCorrelation(e.GetProperty("estimator").GetString()!, c.GetProperty("method").GetString()!,
                    c.GetProperty("coefficient").GetDouble(), c.GetProperty("permutation_p").GetDouble(), c.GetProperty("permutations").GetInt64(),
                    c.GetProperty("exact").GetBoolean(), Optional(c.GetProperty("ci_low")), Optional(c.GetProperty("ci_high"))));
        return list;
    }

    private static SimilarityPair ReadPair(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement r = doc.RootElement;
        var sets = r.GetProperty("sets").EnumerateArray().Select(s => new SimilaritySet(s.GetProperty("class").GetString()!, s.GetProperty("n").GetInt32(),
            Matrix(s.GetProperty("cka"))!, Matrix(s.GetProperty("cka_debiased"))!, Matrix(s.GetProperty("mknn"))!, Matrix(s.GetProperty("p_cka")), Matrix(s.GetProperty("p_mknn")),
            s.GetProperty("best_match_cka").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            s.GetProperty("best_match_mknn").EnumerateArray().Select(v => v.GetInt32()).ToArray())).ToList();
        return new SimilarityPair(r.GetProperty("model_a").GetString()!, r.GetProperty("model_b").GetString()!,
            r.GetProperty("layers_a").EnumerateArray().Select(v => v.GetInt32()).ToArray(), r.GetProperty("layers_b").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            r.GetProperty("mknn_k").GetInt32(), sets);
    }

    private static double[][]? Matrix(JsonElement e) => e.ValueKind != JsonValueKind.Array ? null
        : e.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray()).ToArray();

    private static double? Optional(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    private static int? Int(string s) => s.Length == 0 ? null : int.Parse(s, CultureInfo.InvariantCulture);

    private static double Number(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
}
