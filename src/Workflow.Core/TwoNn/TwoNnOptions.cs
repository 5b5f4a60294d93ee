namespace Workflow.Core.TwoNn;

/// <summary>Which TwoNN estimator to use (design.md §1).</summary>
public enum TwoNnEstimatorKind
{
    /// <summary>Facco et al. (2017): least-squares slope through the origin of −log(1 − F) on log μ.</summary>
    Fit,

    /// <summary>Maximum likelihood of the Pareto law, unbiased form d = (N − 1) / Σ log μᵢ (DADApy's <c>ml</c>).</summary>
    Mle,
}

/// <summary>The empirical distribution assigned to the i-th smallest μ (i = 1..N) in the fit.</summary>
public enum TwoNnConvention
{
    /// <summary>F = i/N: DADApy <c>compute_id_2NN(algorithm="base")</c>, scikit-dimension ≥ 0.3.4, Ansuini et al. 2019.</summary>
    Standard,

    /// <summary>F = (i − 1)/N: Facco's original TWO-NN program and scikit-dimension ≤ 0.3.3.</summary>
    Facco,
}

/// <summary>Settings of a TwoNN estimate. Defaults follow DADApy and scikit-dimension.</summary>
public sealed record TwoNnOptions
{
    /// <summary>The estimator (default <see cref="TwoNnEstimatorKind.Fit"/>).</summary>
    public TwoNnEstimatorKind Estimator { get; init; } = TwoNnEstimatorKind.Fit;

    /// <summary>Fraction f of the largest μ dropped by the fit; ⌊N(1 − f)⌋ points are kept (default 0.1). Ignored by the MLE.</summary>
    public double DiscardFraction { get; init; } = TwoNnDefaults.DiscardFraction;

    /// <summary>The empirical-F convention of the fit (default <see cref="TwoNnConvention.Standard"/>, F = i/N).</summary>
    public TwoNnConvention Convention { get; init; } = TwoNnConvention.Standard;

    /// <summary>
    /// When set, points closer than this value × the median r1 (of the distinct points) are merged greedily,
    /// keeping the smaller row index. Off (null) by default.
    /// </summary>
    public double? MergeBelow { get; init; }

    /// <summary>Number of bootstrap resamples of the μᵢ for the confidence interval (0 = none).</summary>
    public int BootstrapCount { get; init; }

    /// <summary>Confidence level of the bootstrap percentile interval (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Seed of every random choice (bootstrap, decimation). Default 42.</summary>
    public int Seed { get; init; } = TwoNnDefaults.Seed;

    /// <summary>Random subsets per scale in the decimation analysis (N/2, N/4, …); 0 = no decimation.</summary>
    public int DecimationRepeats { get; init; }

    /// <summary>Smallest subset size in the decimation analysis (default 20).</summary>
    public int DecimationMinPoints { get; init; } = 20;

    /// <summary>Checks every setting; throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Estimator))
            throw new ArgumentException($"Unknown estimator {Estimator}.", nameof(Estimator));
        if (!Enum.IsDefined(Convention))
            throw new ArgumentException($"Unknown convention {Convention}.", nameof(Convention));
        if (!(DiscardFraction >= 0 && DiscardFraction < 1))
            throw new ArgumentException($"DiscardFraction must be in [0, 1), got {DiscardFraction}.", nameof(DiscardFraction));
        if (MergeBelow is { } merge && !(merge > 0 && double.IsFinite(merge)))
            throw new ArgumentException($"MergeBelow must be a positive number, got {merge}.", nameof(MergeBelow));
        if (BootstrapCount < 0)
            throw new ArgumentException($"BootstrapCount must be ≥ 0, got {BootstrapCount}.", nameof(BootstrapCount));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new ArgumentException($"ConfidenceLevel must be in (0, 1), got {ConfidenceLevel}.", nameof(ConfidenceLevel));
        if (DecimationRepeats < 0)
            throw new ArgumentException($"DecimationRepeats must be ≥ 0, got {DecimationRepeats}.", nameof(DecimationRepeats));
        if (DecimationMinPoints < 3)
            throw new ArgumentException($"DecimationMinPoints must be ≥ 3, got {DecimationMinPoints}.", nameof(DecimationMinPoints));
    }

    /// <summary>The name used in JSON and on the command line: <c>fit</c> or <c>mle</c>.</summary>
    public static string Name(TwoNnEstimatorKind estimator) => estimator switch
    {
        TwoNnEstimatorKind.Fit => "fit",
        TwoNnEstimatorKind.Mle => "mle",
        _ => throw new ArgumentOutOfRangeException(nameof(estimator)),
    };

    /// <summary>The name used in JSON and on the command line: <c>standard</c> or <c>facco</c>.</summary>
    public static string Name(TwoNnConvention convention) => convention switch
    {
        TwoNnConvention.Standard => "standard",
        TwoNnConvention.Facco => "facco",
        _ => throw new ArgumentOutOfRangeException(nameof(convention)),
    };
}
