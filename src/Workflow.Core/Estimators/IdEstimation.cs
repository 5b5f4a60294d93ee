using Workflow.Core.TwoNn;

namespace Workflow.Core.Estimators;

/// <summary>
/// One point cloud prepared for every estimator (DADApy's <c>IdEstimation</c> style): the input checked (finite
/// values), exact duplicate rows collapsed and counted — TwoNN's policy, applied before any neighbour-based estimate
/// because a duplicate gives r = 0: DADApy then clamps it to 2.2e-16, and above ≈5 % duplicates its μ filter keeps
/// the resulting huge ratios (GRIDE (1, 2) gives ≈0.3 for a true 4), skdim's MLE divides by log 0 — and the exact
/// k nearest neighbours, searched once for the largest k asked for and shared by all estimators.
/// </summary>
public sealed class IdEstimation
{
    private readonly IKNeighbourSearch search;
    private NeighbourTable? neighbours;
    private readonly Dictionary<bool, double[]> spectra = [];

    /// <summary>Prepares <paramref name="points"/>.</summary>
    /// <exception cref="TwoNnDataException">A value is not finite, or fewer than 3 distinct points remain.</exception>
    public IdEstimation(PointMatrix points, IKNeighbourSearch search)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(search);
        PointValidation.EnsureFinite(points);
        Input = points;
        this.search = search;
        DistinctRows distinct = DuplicateRows.Collapse(points);
        if (distinct.Points.Rows < 3)
            throw new TwoNnDataException(
                $"The {points.Rows} rows give only {distinct.Points.Rows} distinct points; the estimators need at least 3. Provide more (distinct) points.");
        Points = distinct.Points;
        Duplicates = distinct.Duplicates;
    }

    /// <summary>The input as given.</summary>
    public PointMatrix Input { get; }

    /// <summary>The distinct points the estimators use.</summary>
    public PointMatrix Points { get; }

    /// <summary>Duplicate rows removed.</summary>
    public int Duplicates { get; }

    /// <summary>The search's name (for JSON).</summary>
    public string SearchName => search.Name;

    /// <summary>The <paramref name="k"/> nearest neighbours of every distinct point (searched once for the largest k so far).</summary>
    public NeighbourTable Neighbours(int k)
    {
        ExactNeighbourSearch.RequireRank(Points.Rows, k);
        if (neighbours is null || neighbours.K < k) neighbours = search.FindNearest(Points, k);
        return neighbours.K == k ? neighbours : Truncate(neighbours, k);
    }

    /// <summary>TwoNN with its full policy (<see cref="TwoNnAnalysis"/>).</summary>
    public TwoNnResult TwoNn(TwoNnOptions options) => TwoNnAnalysis.Run(Input, search, options);

    /// <summary>GRIDE at ranks (n1, n2).</summary>
    public GrideScale Gride(int n1, int n2) => Estimators.Gride.Estimate(Neighbours(n2), n1, n2);

    /// <summary>GRIDE's scale analysis to <paramref name="rangeMax"/>.</summary>
    public IReadOnlyList<GrideScale> GrideScaling(int rangeMax = Estimators.Gride.DefaultRangeMax) =>
        Estimators.Gride.Scaling(Neighbours(Estimators.Gride.MaxRank(Points.Rows, rangeMax)), rangeMax);

    /// <summary>Levina–Bickel MLE.</summary>
    public LevinaBickelResult LevinaBickel(int k = Estimators.LevinaBickel.DefaultK, bool unbiased = false,
        MleAggregation aggregation = MleAggregation.Harmonic) =>
        Estimators.LevinaBickel.Estimate(Neighbours(Estimators.LevinaBickel.EffectiveK(Points.Rows, k)), k, unbiased, aggregation);

    /// <summary>A PCA dimension (on the distinct points; duplicates would only reweight the covariance). The spectrum is
    /// computed once per standardisation and shared by the kinds.</summary>
    public double Pca(PcaIdKind kind)
    {
        bool standardise = kind == PcaIdKind.ExplainedVariance;
        if (!spectra.TryGetValue(standardise, out double[]? eigen))
            spectra[standardise] = eigen = PcaId.Eigenvalues(DoubleMatrix.FromPoints(Points), standardise);
        return kind switch
        {
            PcaIdKind.ExplainedVariance => PcaId.ComponentsForVariance(eigen),
            PcaIdKind.FukunagaOlsen => PcaId.FukunagaOlsen(eigen),
            PcaIdKind.ParticipationRatio => PcaId.ParticipationRatio(eigen),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static NeighbourTable Truncate(NeighbourTable table, int k)
    {
        int n = table.Count;
        var distances = new double[n * k];
        var indices = new int[n * k];
        for (int i = 0; i < n; i++)
        {
            table.Row(i)[..k].CopyTo(distances.AsSpan(i * k, k));
            table.RowIndices(i)[..k].CopyTo(indices.AsSpan(i * k, k));
        }
        return new NeighbourTable(k, distances, indices);
    }
}
