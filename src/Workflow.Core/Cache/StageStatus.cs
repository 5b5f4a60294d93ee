namespace Workflow.Core.Cache;

/// <summary>Whether a stage can be skipped, and if not, why (each reason a sentence for people).</summary>
public sealed record StageStatus(StageKey Key, bool UpToDate, IReadOnlyList<string> Reasons)
{
    /// <summary>One line: <c>Embed[tiny-vit]: up to date</c> or <c>TwoNN: stale (parameter …)</c>.</summary>
    public override string ToString() =>
        UpToDate ? $"{Key}: up to date" : $"{Key}: stale ({string.Join("; ", Reasons)})";
}
