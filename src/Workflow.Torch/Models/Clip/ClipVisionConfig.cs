using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.Clip;

/// <summary>
/// The vision tower of a <c>clip_vision_model</c> <c>config.json</c>, or the <c>vision_config</c> of a full <c>clip</c>
/// one (CLIPConfig; its text tower is not used), with CLIPVisionConfig's defaults (transformers 4.43): 768 hidden, MLP
/// 3072, 12 layers, 12 heads, image 224, patch 32, quick_gelu, layer_norm_eps 1e-5, projection_dim 512.
/// </summary>
public sealed record ClipVisionConfig : PretrainedConfig
{
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int PatchSize { get; init; } = 32;
    public string HiddenAct { get; init; } = "quick_gelu";
    public double LayerNormEps { get; init; } = 1e-5;
    public int ProjectionDim { get; init; } = 512;

    /// <summary>Patches per image at the configured size.</summary>
    public int NumPatches => (ImageHeight / PatchSize) * (ImageWidth / PatchSize);

    /// <inheritdoc/>
    public override int NumHiddenStates => NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (1 + NumPatches, HiddenSize);

    internal ClipEncoderSizes Encoder => new(HiddenSize, NumAttentionHeads, IntermediateSize, HiddenAct, LayerNormEps, NumHiddenLayers);

    /// <summary>Parses <c>clip_vision_model</c> (the object itself) or <c>clip</c> (its <c>vision_config</c>).</summary>
    internal static ClipVisionConfig Parse(JsonObject root)
    {
        var top = new ConfigJsonReader(root);
        string modelType = top.String("model_type", "");
        var reader = ConfigJsonReader.VisionTower(root, modelType, "clip");
        int image = reader.Int("image_size", 224);
        var id2label = top.Id2Label();
        var config = new ClipVisionConfig
        {
            ModelType = modelType,
            Architecture = top.FirstArchitecture(),
            HiddenSize = reader.Int("hidden_size", 768),
            IntermediateSize = reader.Int("intermediate_size", 3072),
            NumHiddenLayers = reader.Int("num_hidden_layers", 12),
            NumAttentionHeads = reader.Int("num_attention_heads", 12),
            NumChannels = reader.Int("num_channels", 3),
            ImageHeight = image,
            ImageWidth = image,
            PatchSize = reader.Int("patch_size", 32),
            HiddenAct = reader.String("hidden_act", "quick_gelu"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-5),
            ProjectionDim = modelType == "clip" ? top.Int("projection_dim", 512) : reader.Int("projection_dim", 512),
            NumLabels = id2label?.Count ?? top.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        top.RejectUnsupported();
        TokenConfigChecks.Require(config.HiddenSize, config.NumHiddenLayers, config.NumAttentionHeads, config.PatchSize, image);
        Activations.Check(config.HiddenAct);
        return config;
    }
}
