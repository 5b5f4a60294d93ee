using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.DeiT;

/// <summary>
/// A <c>deit</c> <c>config.json</c>. DeiTConfig has exactly ViTConfig's fields and defaults (plus <c>encoder_stride</c>,
/// used only by DeiTForMaskedImageModeling), so they are parsed as a <see cref="VisionConfig"/> and handed to the ViT
/// modules DeiT reuses; DeiT adds the distillation token (2 special tokens).
/// </summary>
public sealed record DeiTConfig : PretrainedConfig
{
    /// <summary>The ViT fields (hidden size, layers, heads, MLP, patch, qkv_bias, eps) for the reused ViT modules.</summary>
    public required VisionConfig Encoder { get; init; }

    /// <summary>Tokens per image at the configured size: CLS + distillation + patches.</summary>
    public int SequenceLength => 2 + Encoder.PatchGrid.Height * Encoder.PatchGrid.Width;

    /// <inheritdoc/>
    public override int NumHiddenStates => Encoder.NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (SequenceLength, Encoder.HiddenSize);

    internal static DeiTConfig Parse(JsonObject root)
    {
        VisionConfig vit = VisionConfig.Parse(root, VisionFamily.ViT);
        return new DeiTConfig
        {
            ModelType = vit.ModelType,
            Architecture = vit.Architecture,
            NumChannels = vit.NumChannels,
            ImageHeight = vit.ImageHeight,
            ImageWidth = vit.ImageWidth,
            NumLabels = vit.NumLabels,
            Id2Label = vit.Id2Label,
            Encoder = vit,
        };
    }
}
