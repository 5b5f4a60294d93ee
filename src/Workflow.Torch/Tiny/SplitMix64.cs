namespace Workflow.Torch.Tiny;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): a tiny generator whose output depends only on
/// integer arithmetic, so the same seed gives the same numbers on every machine and runtime.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits, exact in float32 (no platform-dependent maths involved).</summary>
    public double NextUnit() => (Next() >> 40) * (1.0 / (1UL << 24));

    /// <summary>Uniform in [low, high).</summary>
    public float NextUniform(double low, double high) => (float)(low + (high - low) * NextUnit());
}
