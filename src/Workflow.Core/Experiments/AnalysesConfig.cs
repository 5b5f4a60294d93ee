namespace Workflow.Core.Experiments;

/// <summary>
/// The experiment's <c>estimators:</c> block (issue 14): which estimators the Estimators stage runs beside TwoNN, and
/// their settings. No block (or <c>methods: []</c>) means the stage has nothing to do.
/// </summary>
/// <param name="Methods">Any of <c>gride</c> (scale analysis to <paramref name="RangeMax"/>), <c>lb-mle</c>, <c>pca</c>.</param>
/// <param name="RangeMax">GRIDE's largest n2 (DADApy's <c>range_max</c>).</param>
/// <param name="MleK">Levina–Bickel's k (scikit-dimension's default 20).</param>
/// <param name="Resamples">Ansuini subsets per class for the calibration intervals.</param>
/// <param name="Fraction">Fraction of each class in one subset (Ansuini: 0.9).</param>
/// <param name="Permutations">Label shuffles for the calibration correlations' p.</param>
public sealed record EstimatorsConfig(
    IReadOnlyList<string> Methods,
    int RangeMax = 64,
    int MleK = 20,
    int Resamples = 10,
    double Fraction = 0.9,
    int Permutations = 10000,
    int Seed = 42)
{
    public static readonly string[] AllMethods = ["gride", "lb-mle", "pca"];

    public static EstimatorsConfig None { get; } = new([]);

    public bool Runs(string method) => Methods.Contains(method);
}

/// <summary>
/// The experiment's <c>similarity:</c> block (issue 14): which measures the Similarity stage computes for every pair of
/// models, layer × layer. No block (or <c>measures: []</c>) means the stage has nothing to do.
/// </summary>
/// <param name="Measures">Any of <c>cka</c>, <c>cka-debiased</c>, <c>mknn</c>.</param>
/// <param name="K">Mutual k-NN's k (Huh et al.: 10).</param>
/// <param name="Permutations">Row shuffles per value for its permutation p (0: none).</param>
/// <param name="CkaPermutationMaxImages">Largest set whose CKA null is computed (each permutation costs n² per layer pair).</param>
public sealed record SimilarityConfig(
    IReadOnlyList<string> Measures,
    int K = 10,
    int Permutations = 200,
    int CkaPermutationMaxImages = 1000,
    int Seed = 42)
{
    public static readonly string[] AllMeasures = ["cka", "cka-debiased", "mknn"];

    public static SimilarityConfig None { get; } = new([]);
}
