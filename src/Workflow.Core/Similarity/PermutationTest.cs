using Workflow.Core.Data;

namespace Workflow.Core.Similarity;

/// <summary>A permutation p-value and how it was obtained.</summary>
/// <param name="P">The p-value of the observed statistic under the null.</param>
/// <param name="Permutations">Permutations evaluated (n! when exact).</param>
/// <param name="Exact">True when every permutation was enumerated.</param>
public sealed record PermutationResult(double P, long Permutations, bool Exact);

/// <summary>
/// Permutation null of a statistic T(π) of a correspondence between n items (design.md §10: shuffle the row
/// correspondence of two representations, or the class labels of a correlation). Exact when n! ≤ the number of
/// permutations asked for: all n! are enumerated (Heap's algorithm), p = #{T(π) ≥ T_obs}/n!, the identity included.
/// Otherwise Monte Carlo with seeded SplitMix64 shuffles and p = (1 + #{T(π) ≥ T_obs})/(1 + B) (Phipson and Smyth,
/// 2010: never 0). "≥" allows a relative 1e-12 for the rounding of a statistic recomputed on the identity.
/// </summary>
public static class PermutationTest
{
    /// <summary>The one-sided (large T is extreme) p-value of <paramref name="observed"/>.</summary>
    /// <param name="n">Items permuted.</param>
    /// <param name="statistic">T(π) for a permutation π (the array may be reused between calls; do not keep it).</param>
    /// <param name="observed">T(identity).</param>
    /// <param name="permutations">B, the Monte Carlo budget (≥ 1).</param>
    /// <param name="seed">Seed of the Monte Carlo shuffles.</param>
    public static PermutationResult PValue(int n, Func<int[], double> statistic, double observed, int permutations, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        double threshold = observed - 1e-12 * Math.Abs(observed);
        long? factorial = Factorial(n, permutations);
        var order = Enumerable.Range(0, n).ToArray();
        if (factorial is { } total)
        {
            long extreme = 0;
            foreach (int[] permutation in Heap(order))
                if (statistic(permutation) >= threshold) extreme++;
            return new PermutationResult(extreme / (double)total, total, true);
        }
        long count = 0;
        var random = new DeterministicRandom(seed);
        for (int b = 0; b < permutations; b++)
        {
            random.Shuffle(order.AsSpan());
            if (statistic(order) >= threshold) count++;
        }
        return new PermutationResult((1 + count) / (1.0 + permutations), permutations, false);
    }

    /// <summary>n! when it is at most <paramref name="limit"/>, else null.</summary>
    private static long? Factorial(int n, long limit)
    {
        long f = 1;
        for (int i = 2; i <= n; i++)
        {
            f *= i;
            if (f > limit) return null;
        }
        return f;
    }

    /// <summary>Every permutation of <paramref name="items"/> (Heap's algorithm, iterative), the identity first.</summary>
    private static IEnumerable<int[]> Heap(int[] items)
    {
        int n = items.Length;
        var c = new int[n];
        yield return items;
        int i = 1;
        while (i < n)
        {
            if (c[i] < i)
            {
                int swap = i % 2 == 0 ? 0 : c[i];
                (items[swap], items[i]) = (items[i], items[swap]);
                yield return items;
                c[i]++;
                i = 1;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
    }
}
