using System.Text.Json.Nodes;
using Workflow.Torch.Tiny;

namespace Workflow.Torch.Models;

/// <summary>
/// One row of the family table — what transformers spreads over its auto mappings (<c>CONFIG_MAPPING_NAMES</c>,
/// <c>MODEL_MAPPING_NAMES</c>, <c>IMAGE_PROCESSOR_MAPPING_NAMES</c>) for one <c>model_type</c>. Adding a family adds a
/// row to <see cref="ModelFamilies.All"/> (and a folder with its config, modules and row); nothing else switches on it.
/// </summary>
public sealed record ModelFamily
{
    /// <summary>The <c>config.json</c> <c>model_type</c> this row serves, e.g. <c>vit</c>, <c>clip_vision_model</c>.</summary>
    public required string ModelType { get; init; }

    /// <summary>The transformers base-model class this port mirrors, e.g. <c>ViTModel</c> (for docs and errors).</summary>
    public required string TransformersClass { get; init; }

    /// <summary>Parses the <c>config.json</c> object (model_type already checked) with the config class's defaults.</summary>
    public required Func<JsonObject, PretrainedConfig> ParseConfig { get; init; }

    /// <summary>
    /// Chooses and builds the module for a config and the checkpoint's key set (the head, the pooler, the key prefixes
    /// of the classes that wrap the base model, e.g. <c>vision_model.</c> inside a full <c>CLIPModel</c> file).
    /// </summary>
    internal Func<PretrainedConfig, IReadOnlyCollection<string>, ModelHead, BuiltModel> Build { get; init; } =
        (_, _, _) => throw new InvalidOperationException("This family row has no model factory.");

    /// <summary>
    /// The image processor <c>AutoImageProcessor</c> picks for this model_type when <c>preprocessor_config.json</c> is
    /// absent or names no class (IMAGE_PROCESSOR_MAPPING_NAMES), e.g. <c>ViTImageProcessor</c>.
    /// </summary>
    public required string DefaultProcessorClass { get; init; }

    /// <summary>
    /// How many leading positions of each token hidden state are special tokens, not image patches: 1 for a CLS token
    /// (ViT, BEiT), 2 for DeiT's CLS + distillation, 0 for SigLIP and for feature-map families (Swin, ConvNeXt, ResNet).
    /// </summary>
    public required int SpecialTokens { get; init; }

    /// <summary>True when hidden states are stage outputs of different widths and resolutions (Swin, ConvNeXt, ResNet).</summary>
    public bool Hierarchical { get; init; }

    /// <summary>Writes a deterministic tiny random checkpoint in the HF layout (<c>idim make-tiny-model</c>), or null.</summary>
    public Action<string, int, TinyCheckpointOptions>? WriteTiny { get; init; }
}
