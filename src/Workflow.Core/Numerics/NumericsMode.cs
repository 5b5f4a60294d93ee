namespace Workflow.Core.Numerics;

/// <summary>
/// How libtorch may choose its CPU kernels (docs/numerics.md).
/// <c>portable</c>: every kernel pinned to the AVX2 level, so the numbers are the same bits on any x86-64 machine with
/// AVX2 and FMA, at any thread count. <c>fast</c>: libtorch picks the widest kernels of the machine it runs on.
/// </summary>
public enum NumericsMode
{
    /// <summary>Kernels pinned to AVX2 (ATen, MKL, oneDNN): bit-identical across x86-64 machines and thread counts.</summary>
    Portable,

    /// <summary>libtorch's own choice (AVX-512 where the CPU has it): the last bits depend on the machine.</summary>
    Fast,
}

/// <summary>The names of <see cref="NumericsMode"/> as written in YAML, on the command line and in run.json.</summary>
public static class NumericsModes
{
    /// <summary>The accepted names, default first.</summary>
    public static readonly string[] Names = ["portable", "fast"];

    /// <summary>The default: portable (measured cost in docs/benchmarks.md; why in README.md).</summary>
    public const NumericsMode Default = NumericsMode.Portable;

    /// <summary>The name of a mode (<c>portable</c> or <c>fast</c>).</summary>
    public static string Name(this NumericsMode mode) => mode switch
    {
        NumericsMode.Portable => "portable",
        NumericsMode.Fast => "fast",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Numerics mode is portable or fast."),
    };

    /// <summary>Parses <c>portable</c> or <c>fast</c> (any case).</summary>
    /// <exception cref="ArgumentException">Another word; says which are allowed.</exception>
    public static NumericsMode Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "portable" => NumericsMode.Portable,
        "fast" => NumericsMode.Fast,
        _ => throw new ArgumentException($"Numerics mode '{text}' is not known: use portable (the same bits on every x86-64 machine of one CPU vendor) or fast (this machine's widest kernels)."),
    };
}
