namespace Workflow.Pipeline;

/// <summary>
/// The content hashes of a model's files (config, processor config, weights) as far as they can be known
/// without the network, or why they cannot (not downloaded yet).
/// </summary>
internal sealed record ModelWeights(IReadOnlyDictionary<string, string>? Hashes, string? UnknownBecause = null);
