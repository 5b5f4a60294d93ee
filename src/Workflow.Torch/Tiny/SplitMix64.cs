using Workflow.Core.Data;

namespace Workflow.Torch.Tiny;

/// <summary>
/// The tiny checkpoints' view of the project's one seeded generator, <see cref="DeterministicRandom"/> (SplitMix64:
/// Steele, Lea, Flood 2014): the same 64-bit stream, plus the 24-bit uniforms the tiny weights are drawn from.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private readonly DeterministicRandom random = new(seed);

    /// <summary>The next 64 random bits.</summary>
    public ulong Next() => random.NextUInt64();

    /// <summary>Uniform in [0, 1) with 24 random bits, exact in float32 (no platform-dependent maths involved).</summary>
    public double NextUnit() => (Next() >> 40) * (1.0 / (1UL << 24));

    /// <summary>Uniform in [low, high).</summary>
    public float NextUniform(double low, double high) => (float)(low + (high - low) * NextUnit());
}
