namespace Workflow.Core.TwoNn;

/// <summary>The estimate at one scale of the decimation analysis (Facco et al. 2017, Fig. 3).</summary>
/// <param name="N">Points per subset.</param>
/// <param name="Repeats">Subsets whose estimate was defined.</param>
/// <param name="Mean">Mean estimate over the subsets.</param>
/// <param name="Sd">Sample standard deviation over the subsets (0 for one subset).</param>
public sealed record TwoNnScalePoint(int N, int Repeats, double Mean, double Sd);

/// <summary>A TwoNN estimate of one point cloud with the diagnostics a careful user wants.</summary>
public sealed record TwoNnResult
{
    /// <summary>The intrinsic-dimension estimate.</summary>
    public required double Id { get; init; }

    /// <summary>Rows given.</summary>
    public required int N { get; init; }

    /// <summary>Points entering the estimator: ⌊N'(1 − f)⌋ for the fit, N' for the MLE (N' = distinct points after merging).</summary>
    public required int NUsed { get; init; }

    /// <summary>Distinct points after collapsing duplicates and merging near-duplicates (N').</summary>
    public required int NDistinct { get; init; }

    /// <summary>Exact duplicate rows removed before anything else.</summary>
    public required int Duplicates { get; init; }

    /// <summary>Points merged by <see cref="TwoNnOptions.MergeBelow"/> (0 when off).</summary>
    public required int Merged { get; init; }

    /// <summary>Points whose two neighbours are equidistant (r1 = r2, μ = 1); legal, counted.</summary>
    public required int Ties { get; init; }

    /// <summary><c>fit</c> or <c>mle</c>.</summary>
    public required string Estimator { get; init; }

    /// <summary>The discard fraction of the fit (reported for the MLE too, where it is unused).</summary>
    public required double DiscardFraction { get; init; }

    /// <summary><c>standard</c> (F = i/N) or <c>facco</c> (F = (i − 1)/N).</summary>
    public required string Convention { get; init; }

    /// <summary>For the MLE: the form used, <c>(N-1)/sum(log mu)</c>; null for the fit.</summary>
    public string? MleForm { get; init; }

    /// <summary>Coefficient of determination of the fit (centred, see <see cref="TwoNnEstimator.Fit"/>); null for the MLE.</summary>
    public double? R2 { get; init; }

    /// <summary>Lower end of the bootstrap percentile interval; null without bootstrap.</summary>
    public double? CiLow { get; init; }

    /// <summary>Upper end of the bootstrap percentile interval; null without bootstrap.</summary>
    public double? CiHigh { get; init; }

    /// <summary>Standard deviation of the bootstrap estimates; null without bootstrap.</summary>
    public double? BootstrapSd { get; init; }

    /// <summary>Every bootstrap resample's estimate in drawing order, NaN where undefined (empty without bootstrap).</summary>
    public IReadOnlyList<double> BootstrapEstimates { get; init; } = [];

    /// <summary>Bootstrap resamples whose estimate was defined (0 without bootstrap).</summary>
    public int Bootstrap { get; init; }

    /// <summary>Confidence level of the interval.</summary>
    public double ConfidenceLevel { get; init; }

    /// <summary>Seed of the bootstrap and decimation.</summary>
    public int Seed { get; init; }

    /// <summary>The merge threshold relative to the median r1, when merging was on.</summary>
    public double? MergeBelow { get; init; }

    /// <summary>The decimation analysis (largest scale first); empty when not asked for.</summary>
    public IReadOnlyList<TwoNnScalePoint> Scaling { get; init; } = [];

    /// <summary>The neighbour search used (e.g. <c>exact-managed</c>, <c>torch-cpu</c>).</summary>
    public string Search { get; init; } = "";
}
