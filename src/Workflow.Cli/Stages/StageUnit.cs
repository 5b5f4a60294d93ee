using Workflow.Core.Cache;

namespace Workflow.Cli.Stages;

/// <summary>
/// One cached unit of a stage (the whole stage, or one model of Embed): its key, and either the inputs
/// it depends on or the reason they cannot be known yet (an upstream stage is stale, weights are not
/// downloaded) — in which case it is stale by definition.
/// </summary>
internal sealed record StageUnit(StageKey Key, StageInputs? Inputs, string? UnknownBecause = null)
{
    /// <summary>Up to date or stale, and why, without running anything.</summary>
    public StageStatus Status(StageCache cache, bool verify) => Inputs is null
        ? new StageStatus(Key, false, [UnknownBecause ?? "inputs unknown"])
        : cache.Check(Key, Inputs, verify);
}
