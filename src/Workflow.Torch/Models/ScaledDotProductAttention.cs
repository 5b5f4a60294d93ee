using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// The attention arithmetic shared by ViTSelfAttention and BeitSelfAttention: split heads, softmax(q·kᵀ/√d + bias)·v
/// through libtorch's fused <c>scaled_dot_product_attention</c>, merge heads. Matches transformers' eager path
/// (matmul, divide by √d, add the relative position bias, softmax, matmul) to float32 round-off; the parity tests
/// check every fixture within 1e-4.
/// </summary>
internal static class ScaledDotProductAttention
{
    /// <summary>(N, T, C) → (N, heads, T, C/heads); mirrors <c>transpose_for_scores</c>.</summary>
    public static Tensor SplitHeads(Tensor x, int heads)
    {
        long n = x.shape[0], t = x.shape[1], c = x.shape[2];
        return x.view(n, t, heads, c / heads).permute(0, 2, 1, 3);
    }

    /// <summary>
    /// Attention over split heads. <paramref name="bias"/> is added to the scaled scores before the softmax and
    /// broadcasts against (N, heads, T, T). Returns (N, T, C).
    /// </summary>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        Tensor context = nn.functional.scaled_dot_product_attention(query, key, value, bias);
        long n = context.shape[0], h = context.shape[1], t = context.shape[2], d = context.shape[3];
        return context.permute(0, 2, 1, 3).reshape(n, t, h * d).MoveToOuterDisposeScope();
    }
}
