namespace Workflow.Core.TwoNn;

/// <summary>
/// The one set of user-facing TwoNN defaults, read by the experiment YAML (<c>twonn:</c>) and by <c>idim twonn</c> alike
/// (they used to disagree: seed 0 vs 42, bootstrap 200 vs 0). <see cref="TwoNnOptions"/> takes its seed from here; its
/// <see cref="TwoNnOptions.BootstrapCount"/> stays 0 for library callers that do not ask for an interval.
/// </summary>
public static class TwoNnDefaults
{
    /// <summary>Seed of the bootstrap and the decimation.</summary>
    public const int Seed = 0;

    /// <summary>Bootstrap resamples of μ for the 95% percentile interval.</summary>
    public const int BootstrapCount = 200;

    /// <summary>Fraction of the largest μ the fit drops (Facco et al. 2017).</summary>
    public const double DiscardFraction = 0.1;
}
