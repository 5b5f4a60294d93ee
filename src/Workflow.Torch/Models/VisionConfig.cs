using System.Text.Json.Nodes;

namespace Workflow.Torch.Models;

/// <summary>The three variants of the ViT / BEiT architecture this config describes (each a row of <see cref="ModelFamilies"/>).</summary>
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
public sealed record VisionConfig : PretrainedConfig
{
    public required VisionFamily Family { get; init; }
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public string HiddenAct { get; init; } = "gelu";
    public double LayerNormEps { get; init; } = 1e-12;
    public int PatchHeight { get; init; } = 16;
    public int PatchWidth { get; init; } = 16;
    /// <summary>ViT only: bias on query/key/value (BEiT: query and value have one, key never).</summary>
    public bool QkvBias { get; init; } = true;
    public bool UseMaskToken { get; init; }
    /// <summary>BEiT family only (ViT always has absolute position embeddings).</summary>
    public bool UseAbsolutePositionEmbeddings { get; init; }
    public bool UseRelativePositionBias { get; init; }
    public bool UseSharedRelativePositionBias { get; init; }
    public double LayerScaleInitValue { get; init; } = 0.1;
    public bool UseMeanPooling { get; init; } = true;

    /// <summary>Patches along height × width.</summary>
    public (int Height, int Width) PatchGrid => (ImageHeight / PatchHeight, ImageWidth / PatchWidth);

    /// <summary>Tokens per image: CLS + patches.</summary>
    public int SequenceLength => 1 + PatchGrid.Height * PatchGrid.Width;

    /// <inheritdoc/>
    public override int NumHiddenStates => NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (SequenceLength, HiddenSize);

    /// <summary>Base-model attribute name in the classifier and key prefix in its state dict.</summary>
    public string BasePrefix => Family switch
    {
        VisionFamily.ViT => "vit",
        VisionFamily.Beit => "beit",
        _ => "data2vec_vision",
    };

    /// <summary>Reads a ViT / BEiT / Data2VecVision <c>config.json</c> from a file.</summary>
    public static VisionConfig Load(string path) => Require(ModelFamilies.LoadConfig(path));

    /// <summary>Parses the text of a ViT / BEiT / Data2VecVision <c>config.json</c> (through the family table).</summary>
    /// <exception cref="InvalidDataException">Unknown model_type, another family, or a field with an unsupported value.</exception>
    public static VisionConfig Parse(string json) => Require(ModelFamilies.ParseConfig(json));

    private static VisionConfig Require(PretrainedConfig config) => config as VisionConfig ?? throw new InvalidDataException(
        $"config.json has model_type '{config.ModelType}', which is not a ViT / BEiT / Data2VecVision model.");

    /// <summary>Parses a config object of one of the three variants (called by their <see cref="ModelFamily"/> rows).</summary>
    internal static VisionConfig Parse(JsonObject root, VisionFamily family)
    {
        var reader = new ConfigJsonReader(root);
        string modelType = reader.String("model_type", "");
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
}
