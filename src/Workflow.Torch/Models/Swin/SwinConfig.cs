using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.Swin;

/// <summary>
/// The forward-relevant part of a Swin <c>config.json</c> with the defaults of transformers 4.43 <c>SwinConfig</c>
/// (swin-tiny: embed_dim 96, depths [2, 2, 6, 2], heads [3, 6, 12, 24], window 7, patch 4, 224 px).
/// </summary>
public sealed record SwinConfig : PretrainedConfig
{
    public int PatchHeight { get; init; } = 4;
    public int PatchWidth { get; init; } = 4;
    public int EmbedDim { get; init; } = 96;
    public IReadOnlyList<int> Depths { get; init; } = [2, 2, 6, 2];
    public IReadOnlyList<int> NumHeads { get; init; } = [3, 6, 12, 24];
    public int WindowSize { get; init; } = 7;
    public double MlpRatio { get; init; } = 4.0;
    public bool QkvBias { get; init; } = true;
    public string HiddenAct { get; init; } = "gelu";
    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>Stages S (<c>len(depths)</c>); hidden_states holds S + 1 tensors.</summary>
    public int NumStages => Depths.Count;

    /// <summary>Channels of stage <paramref name="stage"/> (0-based): <c>embed_dim · 2^stage</c>.</summary>
    public int StageDim(int stage) => EmbedDim << stage;

    /// <summary><c>hidden_size</c> as SwinConfig derives it: the last stage's width.</summary>
    public int HiddenSize => StageDim(NumStages - 1);

    /// <summary>Token grid entering each stage at the configured image size: the padded patch grid, then halved (rounded up) by each merge.</summary>
    public (int Height, int Width) StageResolution(int stage)
    {
        int h = (ImageHeight + PatchHeight - 1) / PatchHeight, w = (ImageWidth + PatchWidth - 1) / PatchWidth;
        for (int i = 0; i < stage; i++) (h, w) = ((h + 1) / 2, (w + 1) / 2);
        return (h, w);
    }

    /// <inheritdoc/>
    public override int NumHiddenStates => NumStages + 1;

    /// <summary>
    /// hidden_states[0] is the embedding output (stage 0's grid, embed_dim); hidden_states[i] is stage i's output after
    /// its patch merging, so it has stage i's grid and width (the last stage has no merging: its own grid and width).
    /// </summary>
    public override (int Positions, int Channels) HiddenStateShape(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, NumStages);
        int stage = Math.Min(index, NumStages - 1);
        var (h, w) = StageResolution(stage);
        return (h * w, StageDim(stage));
    }

    /// <summary>Parses a <c>swin</c> config object (called by <see cref="SwinFamily"/>).</summary>
    internal static SwinConfig Parse(JsonObject root)
    {
        var reader = new ConfigJsonReader(root);
        var (imageH, imageW) = reader.Pair("image_size", 224);
        var (patchH, patchW) = reader.Pair("patch_size", 4);
        var id2label = reader.Id2Label();
        var config = new SwinConfig
        {
            ModelType = reader.String("model_type", "swin"),
            Architecture = reader.FirstArchitecture(),
            ImageHeight = imageH,
            ImageWidth = imageW,
            PatchHeight = patchH,
            PatchWidth = patchW,
            NumChannels = reader.Int("num_channels", 3),
            EmbedDim = reader.Int("embed_dim", 96),
            Depths = reader.IntList("depths", [2, 2, 6, 2]),
            NumHeads = reader.IntList("num_heads", [3, 6, 12, 24]),
            WindowSize = reader.Int("window_size", 7),
            MlpRatio = reader.Double("mlp_ratio", 4.0),
            QkvBias = reader.Bool("qkv_bias", true),
            HiddenAct = reader.String("hidden_act", "gelu"),
            LayerNormEps = reader.Double("layer_norm_eps", 1e-5),
            NumLabels = id2label?.Count ?? reader.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        // SwinEmbeddings sizes its absolute table num_patches + 1 but adds it to num_patches tokens: transformers 4.43
        // cannot run such a model either, so refuse it here with the field named.
        if (reader.Bool("use_absolute_embeddings", false))
            throw reader.Unsupported("use_absolute_embeddings", "true", "false (as every published Swin checkpoint)");
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

        Positive(EmbedDim, "embed_dim");
        Positive(WindowSize, "window_size");
        Positive(PatchHeight, "patch_size");
        Positive(PatchWidth, "patch_size");
        Positive(ImageHeight, "image_size");
        Positive(ImageWidth, "image_size");
        Positive(NumChannels, "num_channels");
        if (Depths.Count == 0) throw new InvalidDataException("config.json field 'depths' must list at least one stage.");
        if (NumHeads.Count != Depths.Count)
            throw new InvalidDataException(
                $"config.json: 'num_heads' has {NumHeads.Count} entries but 'depths' has {Depths.Count}; give one head count per stage.");
        for (int s = 0; s < Depths.Count; s++)
        {
            Positive(Depths[s], $"depths[{s}]");
            Positive(NumHeads[s], $"num_heads[{s}]");
            if (StageDim(s) % NumHeads[s] != 0)
                throw new InvalidDataException(
                    $"config.json: stage {s} has width {StageDim(s)} (embed_dim · 2^{s}), not a multiple of num_heads[{s}] = {NumHeads[s]}.");
        }
        if (MlpRatio <= 0) throw new InvalidDataException($"config.json field 'mlp_ratio' must be positive, found {MlpRatio}.");
        if (NumLabels < 0) throw new InvalidDataException($"config.json field 'num_labels' must not be negative, found {NumLabels}.");
        Activations.Check(HiddenAct);
    }
}
