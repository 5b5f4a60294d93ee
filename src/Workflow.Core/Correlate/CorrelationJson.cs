using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using Workflow.Core.Statistics;

namespace Workflow.Core.Correlate;

/// <summary>
/// <c>correlation.json</c>: the Correlate stage's output, schema <c>idim.correlation/1</c> (documented in
/// docs/correlation-and-report.md). Keys are written in a fixed order, numbers in invariant form and rounded
/// (see <see cref="JsonNumbers"/>), so the file is byte-identical across runs and machines.
/// </summary>
public static class CorrelationJson
{
    /// <summary>The schema identifier written as the first key.</summary>
    public const string Schema = "idim.correlation/1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep ρ, ≤ and class names readable
        NewLine = "\n",
    };

    /// <summary>The JSON text (UTF-8, "\n" line ends, final newline).</summary>
    public static string ToJson(CorrelationStageResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="result"/> to <paramref name="stream"/>.</summary>
    public static void Write(CorrelationStageResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("estimator", result.Estimator);
            w.WriteString("summary", result.Summary.ToString());
            w.WriteStartArray("models");
            foreach (string m in result.Models) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteStartArray("classes");
            foreach (var c in result.Classes)
            {
                w.WriteStartObject();
                w.WriteNumber("label", c.Label);
                w.WriteString("name", c.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("summary_ids");
            foreach (var ids in result.SummaryIds)
            {
                w.WriteStartObject();
                w.WriteString("model", ids.Model);
                WriteLayer(w, ids.Layer);
                w.WriteStartArray("ids");
                foreach (double id in ids.Ids) JsonNumbers.WriteSignificant(w, id);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("at_summary");
            WritePanel(w, result.AtSummary);
            w.WriteStartArray("by_depth");
            foreach (var panel in result.ByDepth) WritePanel(w, panel);
            w.WriteEndArray();
            w.WritePropertyName("calibration");
            if (result.Calibration is null) w.WriteNullValue();
            else WriteCalibration(w, result.Calibration);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static void WriteLayer(Utf8JsonWriter w, int? layer)
    {
        if (layer is int l) w.WriteNumber("layer", l);
        else w.WriteNull("layer");
    }

    private static void WritePanel(Utf8JsonWriter w, CorrelationPanel panel)
    {
        w.WriteStartObject();
        w.WriteString("selection", panel.Selection);
        if (panel.Depth is double d) JsonNumbers.WriteFixed(w, "depth", d);
        else w.WriteNull("depth");
        w.WriteStartArray("layers");
        foreach (var layer in panel.Layers)
        {
            w.WriteStartObject();
            w.WriteString("model", layer.Model);
            WriteLayer(w, layer.Layer);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        JsonNumbers.WriteFixed(w, "agreement", panel.Agreement);
        w.WriteStartArray("pairs");
        foreach (var p in panel.Pairs)
        {
            w.WriteStartObject();
            w.WriteString("a", p.ModelA);
            w.WriteString("b", p.ModelB);
            w.WriteNumber("n", p.N);
            JsonNumbers.WriteFixed(w, "pearson_r", p.Pearson.Coefficient);
            JsonNumbers.WriteSignificant(w, "pearson_p", p.Pearson.PValue);
            JsonNumbers.WriteFixed(w, "spearman_rho", p.Spearman.Coefficient);
            JsonNumbers.WriteSignificant(w, "spearman_p", p.Spearman.PValue);
            if (p.PearsonSignificance is { } pearson && p.SpearmanSignificance is { } spearman)
            {
                // Label-shuffle p (exact over all class orders when that is within the budget) and the percentile interval
                // over bootstrap resamples of the images, both models re-estimated on the same resample (issue 14 item 3).
                WriteSignificance(w, "pearson", pearson);
                WriteSignificance(w, "spearman", spearman);
                w.WriteNumber("permutations", pearson.Permutations);
                w.WriteBoolean("permutations_exact", pearson.Exact);
                w.WriteNumber("resamples", pearson.Resamples);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCalibration(Utf8JsonWriter w, CalibrationResult calibration)
    {
        w.WriteStartObject();
        w.WriteStartArray("true_dims");
        foreach (var t in calibration.TrueDimensions)
        {
            w.WriteStartObject();
            w.WriteNumber("label", t.Class.Label);
            w.WriteString("name", t.Class.Name);
            JsonNumbers.WriteSignificant(w, "d", t.Dimension);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("spearman");
        foreach (var c in calibration.Correlations)
        {
            w.WriteStartObject();
            w.WriteString("model", c.Model);
            w.WriteNumber("layer", c.Layer);
            w.WriteNumber("n", c.N);
            JsonNumbers.WriteFixed(w, "rho", c.Spearman.Coefficient);
            JsonNumbers.WriteSignificant(w, "p", c.Spearman.PValue);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads a <c>correlation.json</c> file.</summary>
    public static CorrelationStageResult ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads <c>correlation.json</c> (the numbers as rounded on writing).</summary>
    /// <exception cref="FormatException">Another schema, or a missing key.</exception>
    public static CorrelationStageResult Read(Stream stream, string source = "correlation.json")
    {
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        string schema = root.TryGetProperty("schema", out var s) ? s.GetString() ?? "" : "";
        if (schema != Schema)
            throw new FormatException($"{source}: schema '{schema}', expected '{Schema}'. Re-run `idim correlate` to rewrite it.");
        try
        {
            var classes = root.GetProperty("classes").EnumerateArray()
                .Select(c => new ClassLabel(c.GetProperty("label").GetInt32(), c.GetProperty("name").GetString()!)).ToArray();
            var byLabel = classes.ToDictionary(c => c.Label);
            var calibration = root.GetProperty("calibration");
            return new CorrelationStageResult(
                Estimator: root.GetProperty("estimator").GetString()!,
                Summary: LayerSummary.Parse(root.GetProperty("summary").GetString()!),
                Models: root.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray(),
                Classes: classes,
                SummaryIds: root.GetProperty("summary_ids").EnumerateArray().Select(i => new ModelClassIds(
                    i.GetProperty("model").GetString()!, ReadLayer(i), i.GetProperty("ids").EnumerateArray().Select(JsonNumbers.Read).ToArray())).ToArray(),
                AtSummary: ReadPanel(root.GetProperty("at_summary")),
                ByDepth: root.GetProperty("by_depth").EnumerateArray().Select(ReadPanel).ToArray(),
                Calibration: calibration.ValueKind == JsonValueKind.Null ? null : new CalibrationResult(
                    calibration.GetProperty("true_dims").EnumerateArray().Select(t => new TrueDimension(
                        byLabel[t.GetProperty("label").GetInt32()], JsonNumbers.Read(t.GetProperty("d")))).ToArray(),
                    calibration.GetProperty("spearman").EnumerateArray().Select(c => new CalibrationCorrelation(
                        c.GetProperty("model").GetString()!, c.GetProperty("layer").GetInt32(), c.GetProperty("n").GetInt32(),
                        new CorrelationResult(CorrelationMethod.Spearman, JsonNumbers.Read(c.GetProperty("rho")), JsonNumbers.Read(c.GetProperty("p")), c.GetProperty("n").GetInt32()))).ToArray()));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{source}: not a valid {Schema} file ({e.Message}). Re-run `idim correlate` to rewrite it.", e);
        }
    }

    private static void WriteSignificance(Utf8JsonWriter w, string prefix, CorrelationSignificanceResult s)
    {
        JsonNumbers.WriteSignificant(w, prefix + "_permutation_p", s.PermutationP);
        JsonNumbers.WriteFixed(w, prefix + "_ci_low", s.Low ?? double.NaN);
        JsonNumbers.WriteFixed(w, prefix + "_ci_high", s.High ?? double.NaN);
    }

    private static PairCorrelation ReadPair(JsonElement p)
    {
        int n = p.GetProperty("n").GetInt32();
        var pair = new PairCorrelation(p.GetProperty("a").GetString()!, p.GetProperty("b").GetString()!, n,
            new CorrelationResult(CorrelationMethod.Pearson, JsonNumbers.Read(p.GetProperty("pearson_r")), JsonNumbers.Read(p.GetProperty("pearson_p")), n),
            new CorrelationResult(CorrelationMethod.Spearman, JsonNumbers.Read(p.GetProperty("spearman_rho")), JsonNumbers.Read(p.GetProperty("spearman_p")), n));
        if (!p.TryGetProperty("permutations", out JsonElement permutations)) return pair;
        long count = permutations.GetInt64();
        bool exact = p.GetProperty("permutations_exact").GetBoolean();
        int resamples = p.GetProperty("resamples").GetInt32();
        CorrelationSignificanceResult Read(string prefix, CorrelationResult r)
        {
            double low = JsonNumbers.Read(p.GetProperty(prefix + "_ci_low")), high = JsonNumbers.Read(p.GetProperty(prefix + "_ci_high"));
            return new CorrelationSignificanceResult(r.Method, r.Coefficient, JsonNumbers.Read(p.GetProperty(prefix + "_permutation_p")), count, exact,
                double.IsFinite(low) ? low : null, double.IsFinite(high) ? high : null, resamples);
        }
        return pair with { PearsonSignificance = Read("pearson", pair.Pearson), SpearmanSignificance = Read("spearman", pair.Spearman) };
    }

    private static int? ReadLayer(JsonElement e) =>
        e.GetProperty("layer").ValueKind == JsonValueKind.Null ? null : e.GetProperty("layer").GetInt32();

    private static CorrelationPanel ReadPanel(JsonElement e) => new(
        e.GetProperty("selection").GetString()!,
        e.GetProperty("depth").ValueKind == JsonValueKind.Null ? null : e.GetProperty("depth").GetDouble(),
        e.GetProperty("layers").EnumerateArray().Select(l => new ModelLayer(l.GetProperty("model").GetString()!, ReadLayer(l))).ToArray(),
        e.GetProperty("pairs").EnumerateArray().Select(ReadPair).ToArray(),
        JsonNumbers.Read(e.GetProperty("agreement")));
}
