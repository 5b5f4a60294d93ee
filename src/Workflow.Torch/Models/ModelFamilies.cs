using System.Text.Json.Nodes;
using Workflow.Torch.Models.Families;

namespace Workflow.Torch.Models;

/// <summary>
/// The family table: <c>model_type</c> → config parser, model factory, processor default, special tokens (the
/// one place a family is registered; mirrors transformers' <c>models/auto/*_auto.py</c> mappings).
/// </summary>
public static class ModelFamilies
{
    /// <summary>Every registered family, in the order docs and <c>--help</c> list them.</summary>
    public static IReadOnlyList<ModelFamily> All { get; } =
    [
        ViTFamily.Row,
        BeitFamily.Row,
        Data2VecVisionFamily.Row,
        DeiT.DeiTFamily.Row,
        Dinov2.Dinov2Family.Row,
        Clip.ClipFamily.VisionRow,
        Clip.ClipFamily.FullModelRow,
        Siglip.SiglipFamily.VisionRow,
        Siglip.SiglipFamily.FullModelRow,
        ViTMAE.ViTMAEFamily.Row,
        Swin.SwinFamily.Row,
        ConvNext.ConvNextFamily.Row,
        ResNet.ResNetFamily.Row,
    ];

    /// <summary>The model_type values understood here.</summary>
    public static IReadOnlyList<string> ModelTypes => All.Select(f => f.ModelType).ToArray();

    /// <summary>The families <c>idim make-tiny-model --family</c> can write.</summary>
    public static IReadOnlyList<string> TinyFamilies => All.Where(f => f.WriteTiny is not null).Select(f => f.ModelType).ToArray();

    /// <summary>The row for a model_type.</summary>
    /// <exception cref="InvalidDataException">No such family; the message lists the supported ones.</exception>
    public static ModelFamily ForModelType(string modelType) =>
        All.FirstOrDefault(f => f.ModelType == modelType) ?? throw new InvalidDataException(
            $"config.json has model_type '{modelType}', which is not supported. Supported model types: {string.Join(", ", ModelTypes)}.");

    /// <summary>Reads <c>config.json</c> from a file (errors name the file).</summary>
    public static PretrainedConfig LoadConfig(string path)
    {
        try
        {
            return ParseConfig(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses the text of a <c>config.json</c> with the parser of its model_type's family.</summary>
    /// <exception cref="InvalidDataException">Not JSON, unknown model_type, or a field the family does not support.</exception>
    public static PretrainedConfig ParseConfig(string json)
    {
        JsonObject root = ConfigJsonReader.ParseObject(json, "config.json");
        string modelType = new ConfigJsonReader(root, "config.json").String("model_type", "");
        return ForModelType(modelType).ParseConfig(root);
    }

    /// <summary>The family of a parsed config.</summary>
    public static ModelFamily Of(PretrainedConfig config) => ForModelType(config.ModelType);
}
