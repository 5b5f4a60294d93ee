using System.Runtime.InteropServices;
using TorchSharp;
using Workflow.Core.TwoNn;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Similarity;

/// <summary>Linear and debiased CKA of every layer of model A against every layer of model B.</summary>
/// <param name="Linear">Linear CKA, [layer of A, layer of B].</param>
/// <param name="Debiased">Debiased CKA (unbiased HSIC), same layout.</param>
public sealed record LayerCkaMatrix(double[,] Linear, double[,] Debiased);

/// <summary>
/// All layer × layer CKA values of two models on the same n images at the cost of one matrix product: with each layer's
/// features centred (in float64, then stored in <c>precision</c>) and B's layers side by side, B = [Y₁ … Y_L], one GEMM
/// X_ℓᵀ·B per layer of A gives every cross-covariance X_ℓᵀY_m at once, whose squared Frobenius norms are the CKA
/// numerators; the denominators ‖X_ℓᵀX_ℓ‖_F come from one p × p product per layer and are shared by all pairs (the
/// reference code recomputes them for every pair: three products per pair). The debiased form needs only the rows'
/// squared norms in addition (Kornblith's <c>_debiased_dot_product_similarity_helper</c>), so both come together.
/// FLOPs: 2n·(P_A·P_B + Σp² + Σq²) — the products themselves; nothing else grows with n·p².
/// In float32 the values carry ≈1e-6 relative error from the GEMM's accumulation; float64 agrees with
/// <see cref="Workflow.Core.Similarity.LinearCka"/> to rounding.
/// </summary>
public static class LayerCka
{
    /// <summary>The CKA matrices of <paramref name="layersA"/> against <paramref name="layersB"/> (all with the same rows).</summary>
    public static LayerCkaMatrix Compute(IReadOnlyList<PointMatrix> layersA, IReadOnlyList<PointMatrix> layersB, ScalarType precision = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(layersA);
        ArgumentNullException.ThrowIfNull(layersB);
        if (layersA.Count == 0 || layersB.Count == 0) throw new ArgumentException("Both models need at least one layer.");
        int n = layersA[0].Rows;
        foreach (PointMatrix layer in layersA.Concat(layersB))
            if (layer.Rows != n)
                throw new ArgumentException($"Every layer must hold the same {n} images; one has {layer.Rows} rows.");
        if (n < 4) throw new ArgumentException($"Debiased CKA needs at least 4 images, got {n}.");
        TorchRuntime.EnsureLoaded();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var a = layersA.Select(l => Centre(l, precision)).ToArray();
        var b = layersB.Select(l => Centre(l, precision)).ToArray();
        Tensor joinedB = cat(b.Select(t => t.Features).ToArray(), 1);
        int[] widthsB = layersB.Select(l => l.Columns).ToArray();
        var linear = new double[a.Length, b.Length];
        var debiased = new double[a.Length, b.Length];
        for (int l = 0; l < a.Length; l++)
        {
            using var inner = NewDisposeScope();
            Tensor cross = mm(a[l].Features.t(), joinedB);
            int offset = 0;
            for (int m = 0; m < b.Length; m++)
            {
                double xty = SquaredSum(cross.narrow(1, offset, widthsB[m]));
                offset += widthsB[m];
                linear[l, m] = xty / (a[l].SelfNorm * b[m].SelfNorm);
                debiased[l, m] = Workflow.Core.Similarity.LinearCka.DebiasedDot(xty, a[l].SquaredRows, b[m].SquaredRows, a[l].SquaredNorm, b[m].SquaredNorm, n)
                    / (a[l].DebiasedSelfNorm * b[m].DebiasedSelfNorm);
            }
        }
        return new LayerCkaMatrix(linear, debiased);
    }

    private sealed record CentredLayer(Tensor Features, double[] SquaredRows, double SquaredNorm, double SelfNorm, double DebiasedSelfNorm);

    private static CentredLayer Centre(PointMatrix layer, ScalarType precision)
    {
        using var scope = NewDisposeScope(); // the float64 staging tensor dies here; the features move to the caller's scope
        int n = layer.Rows, p = layer.Columns;
        var mean = new double[p];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = layer.Row(i);
            for (int c = 0; c < p; c++) mean[c] += row[c];
        }
        for (int c = 0; c < p; c++) mean[c] /= n;
        var centred = new double[n * p];
        var squaredRows = new double[n];
        Parallel.For(0, n, i =>
        {
            ReadOnlySpan<float> row = layer.Row(i);
            double s = 0;
            for (int c = 0; c < p; c++)
            {
                double v = row[c] - mean[c];
                centred[i * p + c] = v;
                s += v * v;
            }
            squaredRows[i] = s;
        });
        Tensor features = tensor(centred, [n, p]).to_type(precision);
        double squaredNorm = squaredRows.Sum();
        double xtx = SquaredSum(mm(features.t(), features));
        double debiasedSelf = Workflow.Core.Similarity.LinearCka.DebiasedDot(xtx, squaredRows, squaredRows, squaredNorm, squaredNorm, n);
        return new CentredLayer(features.MoveToOuterDisposeScope(), squaredRows, squaredNorm, Math.Sqrt(xtx), Math.Sqrt(debiasedSelf));
    }

    /// <summary>Σ v² accumulated in float64.</summary>
    private static double SquaredSum(Tensor values)
    {
        using var scope = NewDisposeScope();
        return values.to_type(ScalarType.Float64).square().sum().item<double>();
    }
}
