using System.CommandLine;

namespace Workflow.Cli.Stages;

/// <summary>The options every stage command shares (<c>idim &lt;stage&gt; --experiment X …</c>).</summary>
internal sealed class StageOptions
{
    public Option<string?> Experiment { get; } = new("--experiment", "-e")
    {
        Description = "Experiment name (experiments/<name>.yaml: demo, cifar10, cifar100) or a path to a YAML file (default: demo).",
    };

    public Option<bool> Force { get; } = new("--force") { Description = "Recompute even when the stage is up to date." };

    public Option<bool> Verify { get; } = new("--verify")
    {
        Description = "Check recorded outputs by full content hash, not just size and modification time.",
    };

    public Option<bool> NoWait { get; } = new("--no-wait")
    {
        Description = "Fail at once when another run holds the experiment folder, instead of waiting for it.",
    };

    public Option<string?> Artifacts { get; } = new("--artifacts")
    {
        Description = "Artifacts folder (default: $IDIM_ARTIFACTS, else artifacts/ at the repository root).",
    };

    public Option<string?> Device { get; } = new("--device")
    {
        Description = "Override the experiment's device: cpu, cuda or auto.",
    };

    public Option<string?> Numerics { get; } = Commands.NumericsOption.CreateOverride();

    /// <summary>Adds the options to a command (<paramref name="withNumerics"/>: the stage runs libtorch).</summary>
    public void AddTo(Command command, bool withDevice, bool withNumerics = false)
    {
        command.Options.Add(Experiment);
        command.Options.Add(Force);
        command.Options.Add(Verify);
        command.Options.Add(NoWait);
        command.Options.Add(Artifacts);
        if (withDevice)
        {
            Device.AcceptOnlyFromAmong("cpu", "cuda", "auto");
            command.Options.Add(Device);
        }
        if (withNumerics) command.Options.Add(Numerics);
    }

    /// <summary>Reads the values of a parse result into a settings record.</summary>
    public StageSettings Read(ParseResult result) => new(
        result.GetValue(Experiment) ?? "demo",
        result.GetValue(Force),
        result.GetValue(Verify),
        !result.GetValue(NoWait),
        result.GetResult(Device) is null ? null : result.GetValue(Device),
        result.GetValue(Artifacts),
        result.GetResult(Numerics) is null ? null : result.GetValue(Numerics));
}

/// <summary>Parsed stage options.</summary>
/// <param name="Numerics">--numerics (portable|fast), or null for the experiment's.</param>
internal sealed record StageSettings(string Experiment, bool Force, bool Verify, bool Wait, string? Device, string? Artifacts = null, string? Numerics = null);
