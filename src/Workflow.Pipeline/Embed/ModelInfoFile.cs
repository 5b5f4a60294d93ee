using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Core.Experiments;
using Workflow.Torch.Models;

namespace Workflow.Pipeline;

/// <summary><c>embeddings/&lt;model&gt;/model.json</c>: what was embedded — provenance, family, number of layers, the layers kept,
/// where and how the numbers were computed (<c>numerics</c>: mode, CPU, ISA, threads, libraries; null in files written before it),
/// and the checkpoint tensors the model had no place for (<c>unexpected_keys</c>, loaded with a warning).</summary>
internal sealed record ModelInfoFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("repo_id")] string? RepoId,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("class_name")] string ClassName,
    [property: JsonPropertyName("num_layers")] int NumLayers,
    [property: JsonPropertyName("layers")] IReadOnlyList<int> Layers,
    [property: JsonPropertyName("hidden_size")] int HiddenSize,
    [property: JsonPropertyName("weights")] IReadOnlyList<WeightFileInfo> Weights,
    [property: JsonPropertyName("numerics")] Workflow.Core.Report.NumericsInfo? Numerics = null,
    [property: JsonPropertyName("unexpected_keys")] IReadOnlyList<string>? UnexpectedKeys = null)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>What was embedded: the Hub origin from <paramref name="local"/> (the model itself was loaded from its snapshot folder).</summary>
    public static ModelInfoFile From(ModelConfig model, LocalModel local, PretrainedVisionModel vision, IReadOnlyList<int> layers) => new(
        model.Name, model.Source, local.RepoId, local.Revision, local.Commit,
        vision.Config.ModelType, vision.Provenance.ClassName, vision.NumLayers, layers, vision.Config.HiddenStateShape(vision.NumLayers).Channels,
        vision.Provenance.WeightFiles, Workflow.Torch.Runtime.TorchNumerics.Describe(), vision.Provenance.UnexpectedKeys);

    public static ModelInfoFile Read(string path) =>
        JsonSerializer.Deserialize<ModelInfoFile>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} is empty; rerun the Embed stage with --force.");
}
