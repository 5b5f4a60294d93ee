namespace Workflow.Torch.Models;

/// <summary>
/// What every family's <c>config.json</c> gives the rest of the product — transformers' <c>PretrainedConfig</c> plus the
/// vision fields every family has. Each family derives its own record with its architecture fields (e.g.
/// <see cref="VisionConfig"/> for ViT / BEiT / Data2VecVision) and is parsed by its <see cref="ModelFamily"/> row.
/// </summary>
public abstract record PretrainedConfig
{
    /// <summary><c>model_type</c> as written in the file (the key of <see cref="ModelFamilies"/>).</summary>
    public required string ModelType { get; init; }
    /// <summary>First entry of <c>architectures</c>, or null.</summary>
    public string? Architecture { get; init; }
    public int NumChannels { get; init; } = 3;
    /// <summary>The input size the model was configured for (a processor may feed another size where the family interpolates).</summary>
    public int ImageHeight { get; init; } = 224;
    public int ImageWidth { get; init; } = 224;
    /// <summary><c>len(id2label)</c>, else <c>num_labels</c>, else 2 (PretrainedConfig).</summary>
    public int NumLabels { get; init; } = 2;
    /// <summary>Class names by index, when the file has <c>id2label</c>.</summary>
    public IReadOnlyDictionary<int, string> Id2Label { get; init; } = new Dictionary<int, string>();

    /// <summary>How many tensors <c>hidden_states</c> holds (the embedding output, then one per block or stage).</summary>
    public abstract int NumHiddenStates { get; }

    /// <summary>
    /// The shape of <c>hidden_states[index]</c> for one image at <see cref="ImageHeight"/>×<see cref="ImageWidth"/>:
    /// positions (tokens, or H·W of a feature map) × channels. Used to size embedding files before the forward.
    /// </summary>
    public abstract (int Positions, int Channels) HiddenStateShape(int index);
}
