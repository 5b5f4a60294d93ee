using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Core.Report;

/// <summary>
/// <c>run.json</c> (schema <c>idim.run/1</c>): <see cref="RunInfo"/> as snake_case JSON, keys in declaration order.
/// Example in docs/correlation-and-report.md.
/// </summary>
public static class RunInfoJson
{
    /// <summary>The schema identifier.</summary>
    public const string Schema = "idim.run/1";

    /// <summary>The file name in an experiment's artifacts folder.</summary>
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The JSON text (final newline).</summary>
    public static string ToJson(RunInfo run) => JsonSerializer.Serialize(run, Options) + "\n";

    /// <summary>Parses run.json text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">Another schema or a missing field.</exception>
    public static RunInfo Parse(string json, string source = FileName)
    {
        using (var doc = JsonDocument.Parse(json))
        {
            string schema = doc.RootElement.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
            if (schema != Schema) throw new FormatException($"{source}: schema '{schema}', expected '{Schema}'.");
        }
        try
        {
            return JsonSerializer.Deserialize<RunInfo>(json, Options) ?? throw new FormatException($"{source}: empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: {e.Message} (schema {Schema}: see docs/correlation-and-report.md).", e);
        }
    }

    /// <summary>Reads run.json from <paramref name="path"/>.</summary>
    public static RunInfo ReadFile(string path) => Parse(File.ReadAllText(path), path);
}
