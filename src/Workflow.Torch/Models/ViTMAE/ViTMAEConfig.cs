using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.ViTMAE;

/// <summary>
/// A <c>vit_mae</c> <c>config.json</c>. ViTMAEConfig has ViTConfig's encoder fields and defaults (parsed as a
/// <see cref="VisionConfig"/> for the reused ViT modules) plus <c>mask_ratio</c> (0.75 by default) and the decoder's
/// sizes, which idim reads but does not use: it always encodes the whole image (see <see cref="ViTMAEModel"/>).
/// </summary>
public sealed record ViTMAEConfig : PretrainedConfig
{
    /// <summary>The ViT fields for the reused ViT modules.</summary>
    public required VisionConfig Encoder { get; init; }

    /// <summary>The file's <c>mask_ratio</c> (pre-training only; idim encodes every patch whatever it says).</summary>
    public double MaskRatio { get; init; } = 0.75;

    /// <inheritdoc/>
    public override int NumHiddenStates => Encoder.NumHiddenLayers + 1;

    /// <inheritdoc/>
    public override (int Positions, int Channels) HiddenStateShape(int index) => (Encoder.SequenceLength, Encoder.HiddenSize);

    internal static ViTMAEConfig Parse(JsonObject root)
    {
        VisionConfig vit = VisionConfig.Parse(root, VisionFamily.ViT);
        double maskRatio = new ConfigJsonReader(root).Double("mask_ratio", 0.75);
        if (maskRatio is < 0 or >= 1)
            throw new InvalidDataException($"config.json field 'mask_ratio' must be in [0, 1), found {maskRatio}.");
        return new ViTMAEConfig
        {
            ModelType = vit.ModelType,
            Architecture = vit.Architecture,
            NumChannels = vit.NumChannels,
            ImageHeight = vit.ImageHeight,
            ImageWidth = vit.ImageWidth,
            NumLabels = vit.NumLabels,
            Id2Label = vit.Id2Label,
            Encoder = vit,
            MaskRatio = maskRatio,
        };
    }
}
