using System.Text.Json.Nodes;
using Workflow.Torch.Models.Clip;

namespace Workflow.Torch.Models.Siglip;

/// <summary>
/// The vision tower of a <c>siglip_vision_model</c> <c>config.json</c>, or the <c>vision_config</c> of a full
/// <c>siglip</c> one (SiglipConfig; its text tower is not used), with SiglipVisionConfig's defaults (transformers 4.43):
/// 768 hidden, MLP 3072, 12 layers, 12 heads, image 224, patch 16, gelu_pytorch_tanh, layer_norm_eps 1e-6.
/// </summary>
public sealed record SiglipVisionConfig : PretrainedConfig
{
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int PatchSize { get; init; } = 16;
    public string HiddenAct { get; init; } = "gelu_pytorch_tanh";
    public double LayerNormEps { get; init; } = 1e-6;
    /// <summary><c>vision_use_head</c> (later transformers versions; absent means the attention-pooling head is built).</summary>
    public bool UseHead { get; init; } = true;

    /// <summary>Patches per image at the configured size (SigLIP has no CLS token: tokens = patches).</summary>
    public int NumPatches => (ImageHeight / PatchSize) * (ImageWidth / PatchSize);

    /// <inheritdoc/>
    public override int NumHiddenStates => NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (NumPatches, HiddenSize);

    internal ClipEncoderSizes Encoder => new(HiddenSize, NumAttentionHeads, IntermediateSize, HiddenAct, LayerNormEps, NumHiddenLayers);

    /// <summary>Parses <c>siglip_vision_model</c> (the object itself) or <c>siglip</c> (its <c>vision_config</c>).</summary>
    internal static SiglipVisionConfig Parse(JsonObject root)
    {
        var top = new ConfigJsonReader(root);
        string modelType = top.String("model_type", "");
        var reader = ConfigJsonReader.VisionTower(root, modelType, "siglip");
        int image = reader.Int("image_size", 224);
        var id2label = top.Id2Label();
        var config = new SiglipVisionConfig
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
            PatchSize = reader.Int("patch_size", 16),
            HiddenAct = reader.String("hidden_act", "gelu_pytorch_tanh"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-6),
            UseHead = reader.Bool("vision_use_head", true),
            NumLabels = id2label?.Count ?? top.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        top.RejectUnsupported();
        TokenConfigChecks.Require(config.HiddenSize, config.NumHiddenLayers, config.NumAttentionHeads, config.PatchSize, image);
        Activations.Check(config.HiddenAct);
        return config;
    }
}
