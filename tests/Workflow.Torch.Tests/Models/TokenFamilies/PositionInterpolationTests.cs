using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.TokenFamilies;

/// <summary>
/// interpolate_pos_encoding (transformers 4.43 ViT / DINOv2 formula; the DINOv2 fixtures check it against transformers
/// itself): closed-form properties, and ViT / DeiT / BEiT / data2vec-vision running at other input sizes instead of rejecting them.
/// </summary>
public class PositionInterpolationTests
{
    [Fact]
    public void Should_KeepAConstantTableConstant_When_Resizing()
    {
        // Bicubic weights (a = −0.75, clamped borders) sum to 1: a constant grid stays that constant at any size.
        using var scope = NewDisposeScope();
        Tensor table = cat([full(1, 1, 3, -2f), full(1, 16, 3, 0.7f)], 1); // CLS row, then a 4×4 grid

        Tensor resized = PositionEmbeddingInterpolation.ForGrid(table, 1, 6, 3, squareInput: false);

        Assert.Equal([1L, 1 + 18, 3], resized.shape);
        Assert.Equal(-2f, resized[0, 0, 0].item<float>());
        Assert.True((resized.narrow(1, 1, 18) - 0.7f).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void Should_ReturnTheStoredTable_When_TheGridAlreadyMatches()
    {
        using var scope = NewDisposeScope();
        Tensor table = randn(1, 2 + 9, 4);

        Tensor same = PositionEmbeddingInterpolation.ForGrid(table, 2, 3, 3, squareInput: true);

        Assert.Equal(0, (same - table).abs().max().item<float>());
    }

    [Fact]
    public void Should_SampleWithThePlusPointOneScale_When_Upsampling()
    {
        // Re-derives PyTorch's bicubic for scale_factor = (h + 0.1) / g (README of hf-tiny-2; aten UpSampleKernel):
        // output i samples x = (i + 0.5)·g/(h + 0.1) − 0.5 with Keys' cubic (a = −0.75) over rows ⌊x⌋−1..⌊x⌋+2, clamped
        // at the border. A grid whose value is its row index makes each output that weighted sum of row indices.
        using var scope = NewDisposeScope();
        const int g = 8, h = 12;
        Tensor grid = arange(g, ScalarType.Float32).view(g, 1).expand(g, g).reshape(1, g * g, 1);
        Tensor table = cat([zeros(1, 1, 1), grid], 1);

        Tensor resized = PositionEmbeddingInterpolation.ForGrid(table, 1, h, h, squareInput: true);

        Tensor rows = resized.narrow(1, 1, h * h).view(h, h).select(1, 3);
        for (int i = 0; i < h; i++)
        {
            double x = (i + 0.5) * g / (h + 0.1) - 0.5;
            int floor = (int)Math.Floor(x);
            double t = x - floor, expected = 0;
            double[] weights = [Keys(t + 1), Keys(t), Keys(1 - t), Keys(2 - t)];
            for (int k = 0; k < 4; k++) expected += weights[k] * Math.Clamp(floor - 1 + k, 0, g - 1);
            Assert.True(Math.Abs(rows[i].item<float>() - expected) < 1e-5, $"row {i}: {rows[i].item<float>()} vs {expected}");
        }
    }

    /// <summary>Keys' cubic convolution kernel with a = −0.75 (PyTorch's bicubic).</summary>
    private static double Keys(double x)
    {
        const double a = -0.75;
        x = Math.Abs(x);
        return x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
            : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
            : 0;
    }

    [Theory]
    [InlineData("vit", "hf-tiny")]
    [InlineData("deit-distilled-teacher", "hf-tiny-2")]
    [InlineData("beit", "hf-tiny")]                          // per-layer relative position bias
    [InlineData("data2vec-vision-224-bicubic", "hf-tiny")]   // shared relative position bias
    public void Should_RunAtAnotherInputSize_When_ThePositionTableIsInterpolated(string fixture, string set)
    {
        using var scope = NewDisposeScope();
        string folder = set == "hf-tiny" ? HfTinyFixture.Folder(fixture) : HfTiny2TokenFixture.Folder(fixture);
        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);
        var (height, width) = (model.Config.ImageHeight, model.Config.ImageWidth);
        Tensor pixels = randn(2, 3, 2 * height, width + width / 2);

        using VisionModelOutput result = model.Forward(pixels);

        int patchesBefore = model.Config.HiddenStateShape(0).Positions - model.Family.SpecialTokens;
        // Twice the rows and 1.5 times the columns of patches.
        Assert.Equal(model.Family.SpecialTokens + patchesBefore * 3, result.LastHiddenState.shape[1]);
        Assert.False(result.LastHiddenState.isnan().any().item<bool>());
    }
}
