using Workflow.Core.Estimators;

namespace Workflow.Core.Similarity;

/// <summary>The representation-similarity measures (design.md §10).</summary>
public enum SimilarityMeasure
{
    /// <summary>Linear CKA (Kornblith et al. 2019).</summary>
    Cka,

    /// <summary>Linear CKA with the unbiased HSIC.</summary>
    CkaDebiased,

    /// <summary>Mutual k-NN alignment (Huh et al. 2024).</summary>
    MutualKnn,
}

/// <summary>A similarity value with its optional permutation p-value.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Value">The similarity.</param>
/// <param name="Permutation">The permutation null's outcome, when asked for.</param>
public sealed record SimilarityResult(SimilarityMeasure Measure, double Value, PermutationResult? Permutation);

/// <summary>One entry point for the CLI and the Similarity stage: a measure, its value and its permutation null.</summary>
public static class SimilarityAnalysis
{
    /// <summary>The command-line and JSON name of a measure.</summary>
    public static string Name(SimilarityMeasure measure) => measure switch
    {
        SimilarityMeasure.Cka => "cka",
        SimilarityMeasure.CkaDebiased => "cka-debiased",
        SimilarityMeasure.MutualKnn => "mknn",
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    /// <summary>Parses <c>cka|cka-debiased|mknn</c>.</summary>
    public static SimilarityMeasure Parse(string name) => name switch
    {
        "cka" => SimilarityMeasure.Cka,
        "cka-debiased" => SimilarityMeasure.CkaDebiased,
        "mknn" => SimilarityMeasure.MutualKnn,
        _ => throw new ArgumentException($"Unknown similarity measure '{name}'; use cka, cka-debiased or mknn.", nameof(name)),
    };

    /// <summary>The similarity of X and Y; with <paramref name="permutations"/> &gt; 0 also the p-value of the row-shuffle null.
    /// Mutual k-NN uses <paramref name="search"/> when given (exact Euclidean on the normalised rows), else the managed inner products.</summary>
    public static SimilarityResult Run(DoubleMatrix x, DoubleMatrix y, SimilarityMeasure measure, int k = Similarity.MutualKnn.DefaultK,
        int permutations = 0, ulong seed = 42, Workflow.Core.TwoNn.IKNeighbourSearch? search = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows)
            throw new ArgumentException($"X has {x.Rows} rows (images) but Y has {y.Rows}; both must hold the same images in the same order.", nameof(y));
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);
        if (measure == SimilarityMeasure.MutualKnn)
        {
            int[] a = search is null ? Similarity.MutualKnn.Neighbours(x, k) : Similarity.MutualKnn.Neighbours(x, k, search);
            int[] b = search is null ? Similarity.MutualKnn.Neighbours(y, k) : Similarity.MutualKnn.Neighbours(y, k, search);
            double value = Similarity.MutualKnn.Overlap(a, b, k, null);
            PermutationResult? p = permutations == 0 ? null
                : PermutationTest.PValue(x.Rows, pi => Similarity.MutualKnn.Overlap(a, b, k, pi), value, permutations, seed);
            return new SimilarityResult(measure, value, p);
        }
        bool debiased = measure == SimilarityMeasure.CkaDebiased;
        double cka = LinearCka.Compute(x, y, debiased);
        if (permutations == 0) return new SimilarityResult(measure, cka, null);
        CentredGram gx = CentredGram.Linear(x, debiased), gy = CentredGram.Linear(y, debiased);
        double norms = gx.Norm() * gy.Norm();
        PermutationResult result = PermutationTest.PValue(x.Rows, pi => gx.Dot(gy, pi) / norms, cka, permutations, seed);
        return new SimilarityResult(measure, cka, result);
    }
}
