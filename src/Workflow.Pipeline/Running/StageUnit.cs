using Workflow.Core.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// One cached unit of a stage (the whole stage, or one model of Embed): its key, and either the inputs
/// it depends on or the reason they cannot be known yet (an upstream stage is stale, weights are not
/// downloaded) — in which case it is stale by definition.
/// </summary>
/// <param name="WaitsFor">When an upstream stage has not run: that stage's name (so the advice names the right stage).</param>
internal sealed record StageUnit(StageKey Key, StageInputs? Inputs, string? UnknownBecause = null, string? WaitsFor = null)
{
    /// <summary>Up to date or stale, and why, without running anything.</summary>
    public StageStatus Status(StageCache cache, bool verify) => Inputs is null
        ? new StageStatus(Key, false, [UnknownBecause ?? "inputs unknown"])
        : cache.Check(Key, Inputs, verify);

    /// <summary>A unit whose upstream stage <paramref name="upstream"/> has no record yet.</summary>
    public static StageUnit Waiting(StageKey key, string upstream, string? what = null) =>
        new(key, null, $"waits for {what ?? upstream} (no record yet)", upstream);
}
