namespace Workflow.Torch.Neighbours;

/// <summary>
/// A rigorous bound on the error of a squared distance computed as ‖x̃ᵢ‖² + ‖x̃ⱼ‖² − 2 x̃ᵢ·x̃ⱼ in a floating-point
/// type with unit roundoff u, where x̃ = fl(x − m) are the centred points.
/// <para>
/// Dot products and squared norms of length D carry |error| ≤ γ_D Σ|aₖbₖ| ≤ γ_D ‖a‖‖b‖ with γ_D = Du/(1 − Du)
/// (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., eq. 3.5) whatever the summation
/// order or blocking of the BLAS; the two additions add ≤ 2u(1 + γ_D)(‖x̃ᵢ‖ + ‖x̃ⱼ‖)². Centring rounds each
/// coordinate once, moving the distance by ≤ u(‖x̃ᵢ‖ + ‖x̃ⱼ‖) and its square by ≤ 2.01u(‖x̃ᵢ‖ + ‖x̃ⱼ‖)².
/// With S = ‖x̃ᵢ‖ + max ‖x̃ⱼ‖: |c̃ᵢⱼ − dᵢⱼ²| ≤ (γ_D + 5u)·S². We use twice that, as a margin.
/// </para>
/// <para>
/// Assumes true float32 products: no TF32 or bf16 shortcuts (libtorch's default float32 matmul precision is
/// "highest"; do not lower it in this process). Overflow (|x| ≳ 1e19) gives an infinite bound, so the row
/// simply goes to the float64 stage.
/// </para>
/// </summary>
internal static class GemmErrorBound
{
    /// <summary>Unit roundoff of float32 (2⁻²⁴).</summary>
    public const double Float32 = 1.0 / (1 << 24);

    /// <summary>Unit roundoff of float64 (2⁻⁵³).</summary>
    public static readonly double Float64 = Math.ScaleB(1.0, -53);

    /// <summary>The bound E for each row: 2·(γ_D + 5u)·(‖x̃ᵢ‖ + max‖x̃ⱼ‖)².</summary>
    /// <param name="rowNorms">‖x̃ᵢ‖ of each query row.</param>
    /// <param name="maxNorm">max over all rows of ‖x̃ⱼ‖.</param>
    /// <param name="dimension">D.</param>
    /// <param name="unitRoundoff">u of the arithmetic.</param>
    public static double[] PerRow(ReadOnlySpan<double> rowNorms, double maxNorm, int dimension, double unitRoundoff)
    {
        double du = (dimension + 2) * unitRoundoff;
        if (du >= 0.5) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Dimension too large for this precision.");
        double gamma = du / (1 - du);
        double factor = 2 * (gamma + 5 * unitRoundoff);
        var bound = new double[rowNorms.Length];
        for (int i = 0; i < bound.Length; i++)
        {
            double s = (rowNorms[i] + maxNorm) * (1 + 1e-6);
            bound[i] = factor * s * s;
        }
        return bound;
    }
}
