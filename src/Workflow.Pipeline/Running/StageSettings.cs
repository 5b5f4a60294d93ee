namespace Workflow.Pipeline;

/// <summary>The options of one stage run (<c>idim &lt;stage&gt; --experiment X …</c>), as parsed by the CLI.</summary>
/// <param name="Experiment">Experiment name or YAML path.</param>
/// <param name="Force">Recompute even when up to date.</param>
/// <param name="Verify">Check outputs by full content hash.</param>
/// <param name="Wait">Wait for another run's lock (false: <c>--no-wait</c>).</param>
/// <param name="Device">Overrides the experiment's device (torch stages only).</param>
/// <param name="Artifacts">Artifacts folder (default: $IDIM_ARTIFACTS, else artifacts/).</param>
/// <param name="Numerics">--numerics (portable|fast), or null for the experiment's.</param>
/// <param name="Unit">Produce this unit alone (<c>--unit</c>, e.g. one model of Embed).</param>
internal sealed record StageSettings(string Experiment, bool Force, bool Verify, bool Wait, string? Device, string? Artifacts = null, string? Unit = null,
    string? Numerics = null);
