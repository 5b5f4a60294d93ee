namespace Workflow.Core.Estimators;

/// <summary>One GRIDE estimate at the neighbour ranks (n1, n2).</summary>
/// <param name="N1">The smaller rank.</param>
/// <param name="N2">The larger rank.</param>
/// <param name="Id">The maximum-likelihood intrinsic dimension, or null when it is undefined (see <paramref name="Problem"/>).</param>
/// <param name="Sigma">σ = I(d̂)^(−1/2), the Fisher-information error; null with <paramref name="Id"/>.</param>
/// <param name="Scale">The mean over points of (r_n1 + r_n2)/2: the length scale the estimate refers to.</param>
/// <param name="NUsed">Ratios μ kept by DADApy's outlier filter (μ &lt; 20·(q95 − q50) + q50).</param>
/// <param name="Problem">Why there is no estimate (the likelihood has no maximum inside [0.001, 1000]), else null.</param>
public sealed record GrideScale(int N1, int N2, double? Id, double? Sigma, double Scale, int NUsed, string? Problem);
