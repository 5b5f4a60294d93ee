using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workflow.Core.Cache;

/// <summary>One output file of a stage as recorded: content hash plus the size/mtime used by the fast check.</summary>
public sealed record RecordedOutput(
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mtime_utc_ticks")] long MtimeUtcTicks);

/// <summary>
/// What a completed stage leaves behind (<c>.stages/…json</c>, written last, atomically): its fingerprint
/// and the pieces it was made of (so a stale stage can say why), its outputs' hashes, times, tool version.
/// Anchors: DVC's dvc.lock, Bazel's action cache.
/// </summary>
public sealed record StageRecord(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("parameters")] JsonObject Parameters,
    [property: JsonPropertyName("inputs")] IReadOnlyDictionary<string, string> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyDictionary<string, RecordedOutput> Outputs,
    [property: JsonPropertyName("started_utc")] DateTime StartedUtc,
    [property: JsonPropertyName("finished_utc")] DateTime FinishedUtc,
    [property: JsonPropertyName("tool_version")] string ToolVersion);
