using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>
/// Samples of known intrinsic dimension d = 1..20 (uniform on the sphere S^d and in the cube [0,1]^d),
/// padded with 3 zero coordinates and turned by a random rotation, N = 2000, MLE.
/// <para>
/// Tolerances. The MLE of the Pareto shape has asymptotic standard deviation d/√N (Fisher information 1/d²),
/// so 4·d/√N (= 0.089·d at N = 2000) bounds the random error. TwoNN is also biased downwards at finite N
/// once d grows (neighbourhoods are no longer small: curvature on the sphere, boundary in the cube). A
/// Monte-Carlo with this generator (8 seeds per d, N = 2000, exact search) gave mean ± sd:
/// sphere d=1: 1.000±0.027, d=5: 4.997±0.080, d=6: 5.85±0.11, d=10: 9.38±0.16, d=15: 13.24±0.46, d=20: 16.97±0.41;
/// cube d=1: 0.973±0.029, d=3: 2.93±0.06, d=5: 4.81±0.16, d=10: 8.63±0.24, d=20: 15.24±0.34.
/// Hence: where the bias is below the noise (sphere d ≤ 5, cube d ≤ 3 with a 3% boundary allowance) the
/// estimate must lie within 4·d/√N of d; above, within [0.75·d, d + 4·d/√N] (sphere) or [0.65·d, …] (cube),
/// each lower bound at least 4 Monte-Carlo sd below the mean observed.
/// </para>
/// </summary>
public class TwoNnKnownDimensionTests
{
    private const int N = 2000;
    private static readonly TwoNnOptions Mle = new() { Estimator = TwoNnEstimatorKind.Mle };

    public static TheoryData<int> Dimensions => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Should_EstimateKnownDimension_When_UniformOnRotatedSphere(int d)
    {
        double id = Estimate(SyntheticPoints.Sphere(N, d, d + 4, seed: 1000 + d));
        double noise = 4 * d / Math.Sqrt(N);
        if (d <= 5) Assert.InRange(id, d - noise, d + noise);
        else Assert.InRange(id, 0.75 * d, d + noise);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Should_EstimateKnownDimension_When_UniformInRotatedHypercube(int d)
    {
        double id = Estimate(SyntheticPoints.Hypercube(N, d, d + 3, seed: 2000 + d));
        double noise = 4 * d / Math.Sqrt(N);
        if (d <= 3) Assert.InRange(id, 0.97 * d - noise, d + noise);
        else Assert.InRange(id, 0.65 * d, d + noise);
    }

    private static double Estimate(PointMatrix points) => TwoNnAnalysis.Run(points, ExactNeighbourSearch.Instance, Mle).Id;
}
