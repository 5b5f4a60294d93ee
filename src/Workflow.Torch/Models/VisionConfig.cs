using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.Torch.Models;

/// <summary>The model families this project runs, by their <c>config.json</c> <c>model_type</c>.</summary>
public enum VisionFamily
{
    /// <summary><c>vit</c>: ViTModel / ViTForImageClassification.</summary>
    ViT,
    /// <summary><c>beit</c>: BeitModel / BeitForImageClassification.</summary>
    Beit,
    /// <summary><c>data2vec-vision</c>: BEiT's architecture under another prefix.</summary>
    Data2VecVision,
}

/// <summary>
/// The forward-relevant part of a ViT / BEiT / Data2VecVision <c>config.json</c>, with the defaults of
/// <c>ViTConfig</c>, <c>BeitConfig</c> and <c>Data2VecVisionConfig</c> (transformers 4.43) filled in for absent keys.
/// </summary>
public sealed record VisionConfig
{
    /// <summary>The <c>model_type</c> values understood here.</summary>
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["vit", "beit", "data2vec-vision"];

    public required VisionFamily Family { get; init; }
    /// <summary><c>model_type</c> as written in the file.</summary>
    public required string ModelType { get; init; }
    /// <summary>First entry of <c>architectures</c>, or null.</summary>
    public string? Architecture { get; init; }
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public string HiddenAct { get; init; } = "gelu";
    public double LayerNormEps { get; init; } = 1e-12;
    public int ImageHeight { get; init; } = 224;
    public int ImageWidth { get; init; } = 224;
    public int PatchHeight { get; init; } = 16;
    public int PatchWidth { get; init; } = 16;
    public int NumChannels { get; init; } = 3;
    /// <summary>ViT only: bias on query/key/value (BEiT: query and value have one, key never).</summary>
    public bool QkvBias { get; init; } = true;
    public bool UseMaskToken { get; init; }
    /// <summary>BEiT family only (ViT always has absolute position embeddings).</summary>
    public bool UseAbsolutePositionEmbeddings { get; init; }
    public bool UseRelativePositionBias { get; init; }
    public bool UseSharedRelativePositionBias { get; init; }
    public double LayerScaleInitValue { get; init; } = 0.1;
    public bool UseMeanPooling { get; init; } = true;
    /// <summary><c>len(id2label)</c>, else <c>num_labels</c>, else 2 (PretrainedConfig).</summary>
    public int NumLabels { get; init; } = 2;
    /// <summary>Class names by index, when the file has <c>id2label</c>.</summary>
    public IReadOnlyDictionary<int, string> Id2Label { get; init; } = new Dictionary<int, string>();

    /// <summary>Patches along height × width.</summary>
    public (int Height, int Width) PatchGrid => (ImageHeight / PatchHeight, ImageWidth / PatchWidth);

    /// <summary>Tokens per image: CLS + patches.</summary>
    public int SequenceLength => 1 + PatchGrid.Height * PatchGrid.Width;

    /// <summary>Base-model attribute name in the classifier and key prefix in its state dict.</summary>
    public string BasePrefix => Family switch
    {
        VisionFamily.ViT => "vit",
        VisionFamily.Beit => "beit",
        _ => "data2vec_vision",
    };

    /// <summary>Reads <c>config.json</c> from a file.</summary>
    public static VisionConfig Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses the text of a <c>config.json</c>.</summary>
    /// <exception cref="InvalidDataException">Unknown model_type, or a field with a value this implementation does not support.</exception>
    public static VisionConfig Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("config.json is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("config.json is not valid JSON: " + e.Message, e);
        }

        var reader = new ConfigReader(root);
        string modelType = reader.String("model_type", "");
        VisionFamily family = modelType switch
        {
            "vit" => VisionFamily.ViT,
            "beit" => VisionFamily.Beit,
            "data2vec-vision" => VisionFamily.Data2VecVision,
            _ => throw new InvalidDataException(
                $"config.json has model_type '{modelType}', which is not supported. Supported model types: " +
                $"{string.Join(", ", SupportedModelTypes)}."),
        };
        bool isBeit = family != VisionFamily.ViT;

        var (imageH, imageW) = reader.Pair("image_size", 224);
        var (patchH, patchW) = reader.Pair("patch_size", 16);
        var id2label = reader.Id2Label();
        var config = new VisionConfig
        {
            Family = family,
            ModelType = modelType,
            Architecture = reader.FirstArchitecture(),
            HiddenSize = reader.Int("hidden_size", 768),
            NumHiddenLayers = reader.Int("num_hidden_layers", 12),
            NumAttentionHeads = reader.Int("num_attention_heads", 12),
            IntermediateSize = reader.Int("intermediate_size", 3072),
            HiddenAct = reader.String("hidden_act", "gelu"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-12),
            ImageHeight = imageH,
            ImageWidth = imageW,
            PatchHeight = patchH,
            PatchWidth = patchW,
            NumChannels = reader.Int("num_channels", 3),
            QkvBias = !isBeit && reader.Bool("qkv_bias", true),
            UseMaskToken = reader.Bool("use_mask_token", false),
            UseAbsolutePositionEmbeddings = isBeit && reader.Bool("use_absolute_position_embeddings", false),
            UseRelativePositionBias = isBeit && reader.Bool("use_relative_position_bias", false),
            UseSharedRelativePositionBias = isBeit && reader.Bool("use_shared_relative_position_bias", false),
            LayerScaleInitValue = isBeit ? reader.Double("layer_scale_init_value", 0.1) : 0,
            UseMeanPooling = isBeit && reader.Bool("use_mean_pooling", true),
            NumLabels = id2label?.Count ?? reader.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        reader.RejectUnsupported();
        config.Validate();
        return config;
    }

    private void Validate()
    {
        static void Positive(int value, string field)
        {
            if (value <= 0) throw new InvalidDataException($"config.json field '{field}' must be positive, found {value}.");
        }

        Positive(HiddenSize, "hidden_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(IntermediateSize, "intermediate_size");
        Positive(ImageHeight, "image_size");
        Positive(ImageWidth, "image_size");
        Positive(PatchHeight, "patch_size");
        Positive(PatchWidth, "patch_size");
        Positive(NumChannels, "num_channels");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new InvalidDataException(
                $"config.json: hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}.");
        if (ImageHeight < PatchHeight || ImageWidth < PatchWidth)
            throw new InvalidDataException($"config.json: image_size {ImageHeight}x{ImageWidth} is smaller than patch_size {PatchHeight}x{PatchWidth}.");
        if (NumLabels < 0) throw new InvalidDataException($"config.json field 'num_labels' must not be negative, found {NumLabels}.");
        Activations.Check(HiddenAct);
    }

    /// <summary>Typed access to the JSON with the field name in every error.</summary>
    private sealed class ConfigReader(JsonObject root)
    {
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

        public Dictionary<int, string>? Id2Label()
        {
            if (root["id2label"] is not JsonObject map) return null;
            var result = new Dictionary<int, string>();
            foreach (var (key, value) in map)
            {
                if (!int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
                    throw new InvalidDataException($"config.json field 'id2label' has a non-integer key '{key}'.");
                result[index] = value?.ToString() ?? "";
            }
            return result;
        }

        /// <summary>Fields that would change the forward pass in ways this port does not implement.</summary>
        public void RejectUnsupported()
        {
            if (root["pruned_heads"] is JsonObject { Count: > 0 })
                throw Unsupported("pruned_heads", "a non-empty value (heads removed after training)", "an empty object");
            if (root["torch_dtype"] is JsonValue dt && dt.TryGetValue(out string? dtype) &&
                dtype is not ("float32" or "float16" or "bfloat16" or "float64"))
                throw Unsupported("torch_dtype", $"'{dtype}'", "float32, float16, bfloat16 or float64");
        }

        private static InvalidDataException Bad(string field, string expected, JsonNode node) =>
            new($"config.json field '{field}' should be {expected}, found {node.ToJsonString()}.");

        private static InvalidDataException Unsupported(string field, string found, string supported) =>
            new($"config.json field '{field}' has {found}, which idim does not support (supported: {supported}).");
    }
}
