using System.Text.Json.Nodes;

namespace Workflow.Torch.Models.ResNet;

/// <summary>
/// The forward-relevant part of a ResNet <c>config.json</c> with the defaults of transformers 4.43 <c>ResNetConfig</c>
/// (resnet-50: bottleneck layers, embedding_size 64, hidden_sizes [256, 512, 1024, 2048], depths [3, 4, 6, 3]).
/// ResNetConfig has no <c>image_size</c>: the network takes any size, the processor decides (224 for the published
/// checkpoints). A config that carries one (as idim's tiny checkpoints do) sets the size the shapes are predicted for.
/// </summary>
public sealed record ResNetConfig : PretrainedConfig
{
    public int EmbeddingSize { get; init; } = 64;
    public IReadOnlyList<int> HiddenSizes { get; init; } = [256, 512, 1024, 2048];
    public IReadOnlyList<int> Depths { get; init; } = [3, 4, 6, 3];
    /// <summary><c>bottleneck</c> (1×1 reduce to C/4, 3×3, 1×1 expand) or <c>basic</c> (two 3×3).</summary>
    public string LayerType { get; init; } = "bottleneck";
    public string HiddenAct { get; init; } = "relu";
    /// <summary>Whether the first stage strides by 2 (resnet-50: no; the stem's max-pool has already downsampled).</summary>
    public bool DownsampleInFirstStage { get; init; }
    /// <summary>Bottleneck only: stride in the first 1×1 convolution instead of the 3×3 one.</summary>
    public bool DownsampleInBottleneck { get; init; }

    public int NumStages => Depths.Count;

    public bool Bottleneck => LayerType == "bottleneck";

    /// <inheritdoc/>
    public override int NumHiddenStates => NumStages + 1;

    /// <summary>
    /// hidden_states[0] is the embedder output (7×7 stride-2 convolution, 3×3 stride-2 max-pool: ⌊(n−1)/2⌋+1 each);
    /// hidden_states[i] is stage i's output (stride 2 for every stage but the first, unless downsample_in_first_stage).
    /// </summary>
    public override (int Positions, int Channels) HiddenStateShape(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, NumStages);
        static int Half(int n) => (n - 1) / 2 + 1;
        int h = Half(Half(ImageHeight)), w = Half(Half(ImageWidth));
        for (int stage = 0; stage < index; stage++)
            if (stage > 0 || DownsampleInFirstStage) (h, w) = (Half(h), Half(w));
        return (h * w, index == 0 ? EmbeddingSize : HiddenSizes[index - 1]);
    }

    /// <summary>Parses a <c>resnet</c> config object (called by <see cref="ResNetFamily"/>).</summary>
    internal static ResNetConfig Parse(JsonObject root)
    {
        var reader = new ConfigJsonReader(root);
        var (imageH, imageW) = reader.Pair("image_size", 224);
        var id2label = reader.Id2Label();
        var config = new ResNetConfig
        {
            ModelType = reader.String("model_type", "resnet"),
            Architecture = reader.FirstArchitecture(),
            ImageHeight = imageH,
            ImageWidth = imageW,
            NumChannels = reader.Int("num_channels", 3),
            EmbeddingSize = reader.Int("embedding_size", 64),
            HiddenSizes = reader.IntList("hidden_sizes", [256, 512, 1024, 2048]),
            Depths = reader.IntList("depths", [3, 4, 6, 3]),
            LayerType = reader.String("layer_type", "bottleneck"),
            HiddenAct = reader.String("hidden_act", "relu"),
            DownsampleInFirstStage = reader.Bool("downsample_in_first_stage", false),
            DownsampleInBottleneck = reader.Bool("downsample_in_bottleneck", false),
            NumLabels = id2label?.Count ?? reader.Int("num_labels", 2),
            Id2Label = id2label ?? new Dictionary<int, string>(),
        };
        if (config.LayerType is not ("bottleneck" or "basic"))
            throw reader.Unsupported("layer_type", $"'{config.LayerType}'", "bottleneck, basic");
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
        if (HiddenSizes.Count != Depths.Count)
            throw new InvalidDataException(
                $"config.json: 'hidden_sizes' has {HiddenSizes.Count} entries but 'depths' has {Depths.Count}; give one width per stage.");
        Positive(EmbeddingSize, "embedding_size");
        Positive(NumChannels, "num_channels");
        Positive(ImageHeight, "image_size");
        Positive(ImageWidth, "image_size");
        for (int s = 0; s < Depths.Count; s++)
        {
            Positive(Depths[s], $"depths[{s}]");
            Positive(HiddenSizes[s], $"hidden_sizes[{s}]");
            if (Bottleneck && HiddenSizes[s] < 4)
                throw new InvalidDataException($"config.json: bottleneck stage {s} has hidden_sizes[{s}] = {HiddenSizes[s]}, below the reduction 4.");
        }
        if (NumLabels < 0) throw new InvalidDataException($"config.json field 'num_labels' must not be negative, found {NumLabels}.");
        Activations.Check(HiddenAct);
    }
}
