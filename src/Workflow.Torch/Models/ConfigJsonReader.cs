using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.Torch.Models;

/// <summary>
/// Typed access to a <c>config.json</c> (or a nested config object such as CLIP's <c>vision_config</c>) with the field
/// name in every error; absent keys take the config class's default, as <c>PretrainedConfig.__init__</c> does.
/// </summary>
public sealed class ConfigJsonReader(JsonObject root, string fileName = "config.json")
{
    /// <summary>The object read.</summary>
    public JsonObject Root => root;

    /// <summary>Parses JSON text that must be an object.</summary>
    public static JsonObject ParseObject(string json, string fileName)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{fileName} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName} is not valid JSON: " + e.Message, e);
        }
    }

    public bool Has(string field) => root[field] is not null;

    public string String(string field, string fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out string? s)) return s;
        throw Bad(field, "a string", node);
    }

    public int Int(string field, int fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out int i)) return i;
        if (node is JsonValue d && d.TryGetValue(out double x) && x == Math.Floor(x) && Math.Abs(x) < int.MaxValue) return (int)x;
        throw Bad(field, "an integer", node);
    }

    public double Double(string field, double fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out double x)) return x;
        throw Bad(field, "a number", node);
    }

    public bool Bool(string field, bool fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out bool b)) return b;
        throw Bad(field, "true or false", node);
    }

    /// <summary>A list of integers (e.g. Swin's <c>depths</c>, ConvNeXt's <c>hidden_sizes</c>).</summary>
    public IReadOnlyList<int> IntList(string field, IReadOnlyList<int> fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonArray a && a.All(x => x is JsonValue xv && xv.TryGetValue(out int _)))
            return a.Select(x => x!.GetValue<int>()).ToArray();
        throw Bad(field, "a list of integers", node);
    }

    /// <summary>A nested object (e.g. <c>vision_config</c>), or null when absent.</summary>
    public JsonObject? Object(string field)
    {
        JsonNode? node = root[field];
        if (node is null) return null;
        return node as JsonObject ?? throw Bad(field, "an object", node);
    }

    /// <summary>
    /// The reader of a vision tower: the object itself for a vision-only model_type, or its <c>vision_config</c> when
    /// the file's model_type is <paramref name="fullModelType"/> (a full CLIPModel / SiglipModel config).
    /// </summary>
    public static ConfigJsonReader VisionTower(JsonObject root, string modelType, string fullModelType) => modelType == fullModelType
        ? new ConfigJsonReader(new ConfigJsonReader(root).Object("vision_config") ?? new JsonObject(), "config.json vision_config")
        : new ConfigJsonReader(root);

    /// <summary>An int or a two-element list [height, width] (HF accepts both for image_size and patch_size).</summary>
    public (int, int) Pair(string field, int fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return (fallback, fallback);
        if (node is JsonArray { Count: 2 } a && a[0] is JsonValue h && a[1] is JsonValue w &&
            h.TryGetValue(out int hi) && w.TryGetValue(out int wi))
            return (hi, wi);
        int single = Int(field, fallback);
        return (single, single);
    }

    public string? FirstArchitecture() =>
        root["architectures"] is JsonArray { Count: > 0 } a && a[0] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>
    /// <c>id2label</c> by integer index, or null. Labels are counted from <c>id2label</c>, never <c>label2id</c>: ImageNet
    /// configs have 1000 labels but 999 label2id entries (two classes are named "crane").
    /// </summary>
    public Dictionary<int, string>? Id2Label()
    {
        if (root["id2label"] is not JsonObject map) return null;
        var result = new Dictionary<int, string>();
        foreach (var (key, value) in map)
        {
            if (!int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
                throw new InvalidDataException($"{fileName} field 'id2label' has a non-integer key '{key}'.");
            result[index] = value?.ToString() ?? "";
        }
        return result;
    }

    /// <summary>Fields of <c>PretrainedConfig</c> that would change the forward pass in ways no port here implements.</summary>
    public void RejectUnsupported()
    {
        if (root["pruned_heads"] is JsonObject { Count: > 0 })
            throw Unsupported("pruned_heads", "a non-empty value (heads removed after training)", "an empty object");
        if (root["torch_dtype"] is JsonValue dt && dt.TryGetValue(out string? dtype) &&
            dtype is not ("float32" or "float16" or "bfloat16" or "float64"))
            throw Unsupported("torch_dtype", $"'{dtype}'", "float32, float16, bfloat16 or float64");
    }

    public InvalidDataException Bad(string field, string expected, JsonNode node) =>
        new($"{fileName} field '{field}' should be {expected}, found {node.ToJsonString()}.");

    public InvalidDataException Unsupported(string field, string found, string supported) =>
        new($"{fileName} field '{field}' has {found}, which idim does not support (supported: {supported}).");
}
