using System.CommandLine;
using Workflow.Core.Numerics;
using Workflow.Torch.Runtime;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>--numerics portable|fast</c> of the commands that run libtorch (docs/numerics.md). The mode must be chosen
/// before libtorch loads, so each command applies it first thing in its action.
/// </summary>
internal static class NumericsOption
{
    public const string Name = "--numerics";

    private const string Help =
        "portable: libtorch's kernels pinned to AVX2 (ATen, MKL, oneDNN), so the numbers are the same bits on every x86-64 machine of one CPU vendor " +
        "(Intel or AMD; docs/numerics.md) and at any thread count; fast: this machine's widest kernels (last digits differ between machines).";

    /// <summary>The option of a file-mode command (forward, twonn on a file, bench …): default portable.</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>(Name) { Description = Help, DefaultValueFactory = _ => NumericsModes.Names[0] };
        option.AcceptOnlyFromAmong(NumericsModes.Names);
        return option;
    }

    /// <summary>The option of a stage command: no default, the experiment's <c>numerics</c> applies unless given.</summary>
    public static Option<string?> CreateOverride()
    {
        var option = new Option<string?>(Name) { Description = "Override the experiment's numerics: " + Help };
        option.AcceptOnlyFromAmong(NumericsModes.Names);
        return option;
    }

    /// <summary>Pins libtorch's kernels for the mode of <paramref name="option"/> (before anything loads libtorch).</summary>
    public static void Apply(ParseResult parse, Option<string> option) => TorchNumerics.Configure(NumericsModes.Parse(parse.GetValue(option)!));
}
