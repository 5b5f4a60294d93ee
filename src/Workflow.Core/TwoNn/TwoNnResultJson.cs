using System.Text.Json;
using System.Text;

namespace Workflow.Core.TwoNn;

/// <summary>
/// JSON form of TwoNN results (design.md §4): snake_case fields, numbers in invariant form (round-trip
/// doubles), absent optional values as null. Per class: <c>{"all": {…}, "classes": [{"label": 0, …}, …]}</c>.
/// </summary>
public static class TwoNnResultJson
{
    /// <summary>One result as a JSON object.</summary>
    public static string Serialize(TwoNnResult result, bool indented = true) =>
        Build(w => WriteResult(w, result, null), indented);

    /// <summary>Per-class results as <c>{"all": {…}, "classes": [...]}</c>.</summary>
    public static string Serialize(PerClassTwoNnResult result, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Build(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("all");
            WriteResult(w, result.All, null);
            w.WriteStartArray("classes");
            foreach (ClassTwoNnResult c in result.Classes)
            {
                if (c.Result is not null) WriteResult(w, c.Result, c.Label);
                else
                {
                    w.WriteStartObject();
                    w.WriteNumber("label", c.Label);
                    w.WriteString("error", c.Error);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, indented);
    }

    /// <summary>Writes one result object, with a leading <c>label</c> when given.</summary>
    public static void WriteResult(Utf8JsonWriter writer, TwoNnResult result, int? label)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        if (label is { } l) writer.WriteNumber("label", l);
        writer.WriteNumber("id", result.Id);
        writer.WriteNumber("n", result.N);
        writer.WriteNumber("n_used", result.NUsed);
        writer.WriteNumber("n_distinct", result.NDistinct);
        writer.WriteNumber("duplicates", result.Duplicates);
        writer.WriteNumber("merged", result.Merged);
        writer.WriteNumber("ties", result.Ties);
        writer.WriteString("estimator", result.Estimator);
        writer.WriteNumber("discard_fraction", result.DiscardFraction);
        writer.WriteString("convention", result.Convention);
        WriteNullable(writer, "mle_form", result.MleForm);
        WriteNullable(writer, "r2", result.R2);
        WriteNullable(writer, "ci_low", result.CiLow);
        WriteNullable(writer, "ci_high", result.CiHigh);
        WriteNullable(writer, "bootstrap_sd", result.BootstrapSd);
        writer.WriteNumber("bootstrap", result.Bootstrap);
        writer.WriteNumber("confidence_level", result.ConfidenceLevel);
        writer.WriteNumber("seed", result.Seed);
        WriteNullable(writer, "merge_below", result.MergeBelow);
        writer.WriteStartArray("scaling");
        foreach (TwoNnScalePoint s in result.Scaling)
        {
            writer.WriteStartObject();
            writer.WriteNumber("n", s.N);
            writer.WriteNumber("repeats", s.Repeats);
            writer.WriteNumber("mean", s.Mean);
            writer.WriteNumber("sd", s.Sd);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("search", result.Search);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
        else writer.WriteNull(name);
    }

    private static string Build(Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
