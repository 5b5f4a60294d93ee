using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.Dinov2;

/// <summary>
/// A <c>dinov2</c> <c>config.json</c> with Dinov2Config's defaults (transformers 4.43): 768 hidden, 12 layers, 12 heads,
/// mlp_ratio 4, gelu, layer_norm_eps 1e-6, image 224, patch 14, qkv_bias, layerscale, optional SwiGLU MLP. The
/// backbone-only fields (out_features, apply_layernorm, reshape_hidden_states) do not change Dinov2Model's outputs.
/// </summary>
public sealed record Dinov2Config : PretrainedConfig
{
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public double MlpRatio { get; init; } = 4;
    public string HiddenAct { get; init; } = "gelu";
    public double LayerNormEps { get; init; } = 1e-6;
    public int PatchSize { get; init; } = 14;
    public bool QkvBias { get; init; } = true;
    public bool UseSwigluFfn { get; init; }

    /// <summary>Side of the stored position grid (image_size // patch_size): 37 for the published 518-px checkpoints.</summary>
    public int PositionGrid => ImageHeight / PatchSize;

    /// <summary>Width of the MLP's hidden layer: int(C·mlp_ratio), and for SwiGLU (int(that·2/3) + 7) // 8 · 8.</summary>
    public int MlpHiddenSize
    {
        get
        {
            int hidden = (int)(HiddenSize * MlpRatio);
            return UseSwigluFfn ? ((int)(hidden * 2 / 3.0) + 7) / 8 * 8 : hidden;
        }
    }

    /// <inheritdoc/>
    public override int NumHiddenStates => NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (1 + PositionGrid * PositionGrid, HiddenSize);

    /// <summary>The fields Dinov2Attention shares with ViTAttention (same modules, same keys).</summary>
    internal VisionConfig AttentionConfig => new()
    {
        Family = VisionFamily.ViT, ModelType = ModelType, HiddenSize = HiddenSize, NumAttentionHeads = NumAttentionHeads, QkvBias = QkvBias,
    };

    internal static Dinov2Config Parse(JsonObject root)
    {
        var reader = new ConfigJsonReader(root);
        var (imageH, imageW) = reader.Pair("image_size", 224);
        var id2label = reader.Id2Label();
        var config = new Dinov2Config
        {
            ModelType = reader.String("model_type", ""),
            Architecture = reader.FirstArchitecture(),
            HiddenSize = reader.Int("hidden_size", 768),
            NumHiddenLayers = reader.Int("num_hidden_layers", 12),
            NumAttentionHeads = reader.Int("num_attention_heads", 12),
            MlpRatio = reader.Double("mlp_ratio", 4),
            HiddenAct = reader.String("hidden_act", "gelu"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-6),
            ImageHeight = imageH,
            ImageWidth = imageW,
            PatchSize = reader.Int("patch_size", 14),
            NumChannels = reader.Int("num_channels", 3),
            QkvBias = reader.Bool("qkv_bias", true),
            UseSwigluFfn = reader.Bool("use_swiglu_ffn", false),
            NumLabels = id2label?.Count ?? reader.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        reader.RejectUnsupported();
        TokenConfigChecks.Require(config.HiddenSize, config.NumHiddenLayers, config.NumAttentionHeads, config.PatchSize, config.ImageHeight);
        if (imageH != imageW)
            throw new InvalidDataException($"config.json: image_size {imageH}x{imageW} is not square; Dinov2's position table is a square grid.");
        if (!config.UseSwigluFfn) Activations.Check(config.HiddenAct);
        return config;
    }
}
