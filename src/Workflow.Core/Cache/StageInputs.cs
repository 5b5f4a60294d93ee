using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Workflow.Core.Cache;

/// <summary>
/// Everything a stage's result depends on (design.md §5): a version string bumped when the stage's code
/// changes meaning, the settings that affect it, and the content hashes of its inputs.
/// </summary>
/// <param name="Version">Stage code version, e.g. <c>embed/1</c>.</param>
/// <param name="Parameters">The relevant slice of the experiment config (compared key by key to explain staleness).</param>
/// <param name="Inputs">Input name → content hash (upstream outputs, archive checksums, weight hashes).</param>
public sealed record StageInputs(string Version, JsonObject Parameters, IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>SHA-256 over the canonical JSON of stage key, version, parameters and inputs.</summary>
    public string Fingerprint(StageKey key)
    {
        var whole = new JsonObject
        {
            ["stage"] = key.Stage,
            ["scope"] = key.Scope,
            ["version"] = Version,
            ["parameters"] = Parameters.DeepClone(),
            ["inputs"] = new JsonObject(Inputs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        };
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(whole))));
    }
}
