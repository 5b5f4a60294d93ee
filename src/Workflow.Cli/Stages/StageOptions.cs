using System.CommandLine;
using Workflow.Pipeline;

namespace Workflow.Cli.Stages;

/// <summary>The options every stage command shares (<c>idim &lt;stage&gt; --experiment X …</c>).</summary>
internal sealed class StageOptions
{
    public Option<string?> Experiment { get; } = new("--experiment", "-e")
    {
        Description = "Experiment name (experiments/<name>.yaml: demo, cifar10, cifar100) or a path to a YAML file. " +
                      "data, embed and plan default to demo; twonn, correlate and report run their stage only with it (without it they read the files given).",
    };

    public Option<string?> Unit { get; } = new("--unit")
    {
        Description = "Produce this unit alone (a model name for embed; see `idim graph --json --experiment X`).",
    };

    public Option<bool> Force { get; } = new("--force") { Description = "Recompute even when the stage is up to date." };

    public Option<bool> Verify { get; } = new("--verify")
    {
        Description = "Check recorded outputs by full content hash, not just size and modification time.",
    };

    public Option<bool> NoWait { get; } = new("--no-wait")
    {
        Description = "Fail at once (exit 3) when another run holds a unit this run needs, instead of waiting for it.",
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
        command.Options.Add(Unit);
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

    /// <summary>Adds the options of <paramref name="stage"/>'s command (as its graph entry declares them).</summary>
    public void AddTo(Command command, Stage stage) => AddTo(command, stage.UsesTorch, withNumerics: stage.UsesTorch);

    /// <summary>Reads the values of a parse result into a settings record.</summary>
    public StageSettings Read(ParseResult result) => new(
        result.GetValue(Experiment) ?? "demo",
        result.GetValue(Force),
        result.GetValue(Verify),
        !result.GetValue(NoWait),
        result.GetResult(Device) is null ? null : result.GetValue(Device),
        result.GetValue(Artifacts),
        result.GetValue(Unit),
        result.GetResult(Numerics) is null ? null : result.GetValue(Numerics));

    /// <summary>Whether stage mode (<c>--experiment</c>) was asked for.</summary>
    public bool InStageMode(ParseResult result) => result.GetResult(Experiment) is not null;

    /// <summary>
    /// Refuses file-mode options given with <c>--experiment</c> (probe #9: they were silently ignored) and stage-only
    /// options given without it. The message names the option and where its setting lives.
    /// </summary>
    public void RefuseMixedModes(ParseResult result, string command, IEnumerable<(Option Option, string? YamlField)> fileModeOptions)
    {
        if (InStageMode(result))
        {
            foreach (var (option, field) in fileModeOptions)
                if (result.GetResult(option) is { Implicit: false })
                    throw new Workflow.Core.UserError(field is null
                        ? $"{option.Name} cannot be used with --experiment: it belongs to `idim {command}` on files."
                        : $"{option.Name} cannot be used with --experiment; set {field} in the experiment YAML instead.");
            return;
        }
        foreach (Option option in new Option[] { Unit, Force, Verify, NoWait, Artifacts })
            if (result.GetResult(option) is { Implicit: false })
                throw new Workflow.Core.UserError($"{option.Name} works only with --experiment (stage mode) of `idim {command}`.");
    }
}
