namespace Workflow.Core.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a tiny
/// generator whose output is fixed by its seed on every machine and .NET version, unlike <see cref="Random"/>,
/// whose algorithm is an implementation detail. Used wherever a dataset must be reproducible bit for bit.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    /// <summary>Creates a generator from <paramref name="seed"/>.</summary>
    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>A generator for stream <paramref name="stream"/> of <paramref name="seed"/> (e.g. one per class),
    /// so that streams do not depend on each other.</summary>
    public static DeterministicRandom ForStream(ulong seed, ulong stream) =>
        new(Mix(seed ^ Mix(stream + 0x632BE59BD9B4E019UL)));

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold) return (int)high;
        }
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
