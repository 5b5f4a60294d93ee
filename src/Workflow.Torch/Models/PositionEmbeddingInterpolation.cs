using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// <c>interpolate_pos_encoding</c> as transformers 4.43 writes it for ViT and DINOv2 (modeling_vit.py /
/// modeling_dinov2.py): the g × g patch part of the table (g = int(√positions)) is resized with
/// <c>F.interpolate(mode="bicubic", align_corners=False, scale_factor=((h + 0.1) / g, (w + 0.1) / g))</c> — the
/// "+0.1" of the original DINO code (facebookresearch/dino#8) — in float32, so the output is floor(g·scale) = h × w but
/// output pixel i samples source coordinate (i + 0.5)·g/(h + 0.1) − 0.5, not (i + 0.5)·g/h − 0.5 as a resize "to size h"
/// (transformers ≥ 4.45) would. The special tokens' rows (CLS, DeiT's distillation token) are kept as stored.
/// </summary>
internal static class PositionEmbeddingInterpolation
{
    /// <summary>
    /// The table for an input of <paramref name="patchRows"/> × <paramref name="patchCols"/> patches, or the stored
    /// table itself when it already has that many square positions and the input is square (transformers' shortcut).
    /// </summary>
    /// <param name="table">(1, special + g·g, C) position embeddings.</param>
    /// <param name="specialTokens">Leading rows that are not patches.</param>
    /// <param name="patchRows">Input height // patch height.</param>
    /// <param name="patchCols">Input width // patch width.</param>
    /// <param name="squareInput">Whether the pixel input is square (the shortcut's <c>height == width</c>).</param>
    public static Tensor ForGrid(Tensor table, int specialTokens, long patchRows, long patchCols, bool squareInput)
    {
        long positions = table.shape[1] - specialTokens;
        if (positions == patchRows * patchCols && squareInput) return table.alias();

        using var scope = NewDisposeScope();
        long dim = table.shape[2];
        int g = (int)Math.Sqrt(positions);
        if ((long)g * g != positions)
            throw new InvalidDataException($"The position table holds {positions} patch positions, which is not a square grid; it cannot be interpolated.");
        Tensor special = table.narrow(1, 0, specialTokens);
        Tensor grid = table.narrow(1, specialTokens, positions).reshape(1, g, g, dim).permute(0, 3, 1, 2);
        double root = Math.Sqrt(positions);
        Tensor resized = nn.functional.interpolate(grid.to(ScalarType.Float32),
            scale_factor: [(patchRows + 0.1) / root, (patchCols + 0.1) / root],
            mode: InterpolationMode.Bicubic, align_corners: false).to(table.dtype);
        if (resized.shape[2] != patchRows || resized.shape[3] != patchCols)
            throw new InvalidOperationException(
                $"Position interpolation gave a {resized.shape[2]}x{resized.shape[3]} grid for {patchRows}x{patchCols} patches.");
        Tensor patches = resized.permute(0, 2, 3, 1).reshape(1, patchRows * patchCols, dim);
        return cat([special, patches], 1).MoveToOuterDisposeScope();
    }
}
