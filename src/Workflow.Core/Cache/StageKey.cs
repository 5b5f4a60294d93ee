namespace Workflow.Core.Cache;

/// <summary>Identifies one cached unit of work: a stage, optionally narrowed to one model (Embed is per model).</summary>
public sealed record StageKey(string Stage, string? Scope = null)
{
    /// <summary>For people: <c>Embed[tiny-vit]</c> or <c>TwoNN</c>.</summary>
    public override string ToString() => Scope is null ? Stage : $"{Stage}[{Scope}]";

    /// <summary>Record file path relative to the experiment folder.</summary>
    public string RecordRelativePath => Scope is null
        ? Path.Combine(".stages", Stage.ToLowerInvariant() + ".json")
        : Path.Combine(".stages", Stage.ToLowerInvariant(), Scope + ".json");
}
