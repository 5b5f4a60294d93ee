namespace Workflow.Core.Estimators;

/// <summary>An intrinsic-dimension estimator over a prepared point cloud: one number per cloud.</summary>
public interface IIdEstimator
{
    /// <summary>The name used on the command line and in JSON (<c>twonn</c>, <c>gride</c>, <c>lb-mle</c>, <c>pca</c>).</summary>
    string Name { get; }

    /// <summary>The estimate on <paramref name="data"/>.</summary>
    /// <exception cref="Workflow.Core.TwoNn.TwoNnDataException">The data do not allow an estimate; the message says why.</exception>
    double Estimate(IdEstimation data);
}

/// <summary>TwoNN (Facco et al. 2017) with <see cref="Workflow.Core.TwoNn.TwoNnOptions"/>.</summary>
public sealed record TwoNnIdEstimator(Workflow.Core.TwoNn.TwoNnOptions Options) : IIdEstimator
{
    /// <inheritdoc />
    public string Name => "twonn";

    /// <inheritdoc />
    public double Estimate(IdEstimation data) => data.TwoNn(Options with { BootstrapCount = 0, DecimationRepeats = 0 }).Id;
}

/// <summary>GRIDE at one scale (n1, n2).</summary>
public sealed record GrideIdEstimator(int N1, int N2) : IIdEstimator
{
    /// <inheritdoc />
    public string Name => "gride";

    /// <inheritdoc />
    public double Estimate(IdEstimation data)
    {
        GrideScale scale = data.Gride(N1, N2);
        return scale.Id ?? throw new Workflow.Core.TwoNn.TwoNnDataException("GRIDE: " + scale.Problem);
    }
}

/// <summary>Levina–Bickel MLE as scikit-dimension.</summary>
public sealed record LevinaBickelIdEstimator(int K = LevinaBickel.DefaultK, bool Unbiased = false, MleAggregation Aggregation = MleAggregation.Harmonic) : IIdEstimator
{
    /// <inheritdoc />
    public string Name => "lb-mle";

    /// <inheritdoc />
    public double Estimate(IdEstimation data) => data.LevinaBickel(K, Unbiased, Aggregation).Id;
}

/// <summary>A PCA dimension.</summary>
public sealed record PcaIdEstimator(PcaIdKind Kind = PcaIdKind.ExplainedVariance) : IIdEstimator
{
    /// <inheritdoc />
    public string Name => "pca";

    /// <inheritdoc />
    public double Estimate(IdEstimation data) => data.Pca(Kind);
}
