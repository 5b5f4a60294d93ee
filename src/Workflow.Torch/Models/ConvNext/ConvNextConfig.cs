using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.ConvNext;

/// <summary>
/// The forward-relevant part of a ConvNeXt <c>config.json</c> with the defaults of transformers 4.43 <c>ConvNextConfig</c>
/// (convnext-tiny: hidden_sizes [96, 192, 384, 768], depths [3, 3, 9, 3], patch 4, layer scale 1e-6).
/// </summary>
public sealed record ConvNextConfig : PretrainedConfig
{
    public int PatchSize { get; init; } = 4;
    public IReadOnlyList<int> HiddenSizes { get; init; } = [96, 192, 384, 768];
    public IReadOnlyList<int> Depths { get; init; } = [3, 3, 9, 3];
    public string HiddenAct { get; init; } = "gelu";
    /// <summary>Only the final (pooler) LayerNorm uses it; the stem, downsampling and block LayerNorms use 1e-6.</summary>
    public double LayerNormEps { get; init; } = 1e-12;
    /// <summary>Blocks own <c>layer_scale_parameter</c> when this is positive.</summary>
    public double LayerScaleInitValue { get; init; } = 1e-6;

    public int NumStages => Depths.Count;

    /// <inheritdoc/>
    public override int NumHiddenStates => NumStages + 1;

    /// <summary>
    /// hidden_states[0] is the stem output (H/p × W/p, hidden_sizes[0]); hidden_states[i] is stage i's output: stage 1 keeps
    /// the stem's grid, each later stage halves it (2×2 stride-2 convolution, floor).
    /// </summary>
    public override (int Positions, int Channels) HiddenStateShape(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, NumStages);
        int h = ImageHeight / PatchSize, w = ImageWidth / PatchSize;
        for (int stage = 1; stage < index; stage++) (h, w) = (h / 2, w / 2);
        return (h * w, HiddenSizes[Math.Max(0, index - 1)]);
    }

    /// <summary>Parses a <c>convnext</c> config object (called by <see cref="ConvNextFamily"/>).</summary>
    internal static ConvNextConfig Parse(JsonObject root)
    {
        var reader = new ConfigJsonReader(root);
        var (imageH, imageW) = reader.Pair("image_size", 224);
        var id2label = reader.Id2Label();
        var config = new ConvNextConfig
        {
            ModelType = reader.String("model_type", "convnext"),
            Architecture = reader.FirstArchitecture(),
            ImageHeight = imageH,
            ImageWidth = imageW,
            NumChannels = reader.Int("num_channels", 3),
            PatchSize = reader.Int("patch_size", 4),
            HiddenSizes = reader.IntList("hidden_sizes", [96, 192, 384, 768]),
            Depths = reader.IntList("depths", [3, 3, 9, 3]),
            HiddenAct = reader.String("hidden_act", "gelu"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-12),
            LayerScaleInitValue = reader.Double("layer_scale_init_value", 1e-6),
            NumLabels = id2label?.Count ?? reader.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        int stages = reader.Int("num_stages", config.Depths.Count);
        if (stages != config.Depths.Count || config.HiddenSizes.Count != config.Depths.Count)
            throw new InvalidDataException(
                $"config.json: num_stages {stages}, hidden_sizes ({config.HiddenSizes.Count} entries) and depths ({config.Depths.Count} entries) must agree; give one width and one depth per stage.");
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

        if (Depths.Count == 0) throw new InvalidDataException("config.json field 'depths' must list at least one stage.");
        Positive(PatchSize, "patch_size");
        Positive(NumChannels, "num_channels");
        Positive(ImageHeight, "image_size");
        Positive(ImageWidth, "image_size");
        for (int s = 0; s < Depths.Count; s++)
        {
            Positive(Depths[s], $"depths[{s}]");
            Positive(HiddenSizes[s], $"hidden_sizes[{s}]");
        }
        if (NumLabels < 0) throw new InvalidDataException($"config.json field 'num_labels' must not be negative, found {NumLabels}.");
        Activations.Check(HiddenAct);
    }
}
