using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.TokenFamilies;

/// <summary>
/// BEiT's relative position bias for a patch grid other than the configured one (transformers' arbitrary-window
/// BeitRelativePositionBias.forward): the offset table resized bilinearly, the three CLS rows kept, the new grid's index.
/// </summary>
public class BeitRelativeBiasWindowTests
{
    private static BeitRelativePositionBias BiasOf(Tensor table)
    {
        // The tiny BEiT fixture: 32 px, patch 8 → a 4 × 4 grid, (2·4 − 1)² + 3 = 52 table rows, 4 heads.
        var bias = new BeitRelativePositionBias(VisionConfig.Load(Path.Combine(HfTinyFixture.Folder("beit"), "config.json")));
        using (no_grad()) bias.named_parameters().Single(p => p.name == "relative_position_bias_table").parameter.copy_(table);
        return bias;
    }

    [Fact]
    public void Should_GiveTheStoredBias_When_TheGridIsTheConfiguredOne()
    {
        using var scope = NewDisposeScope();
        var bias = BiasOf(randn(52, 4));

        Assert.Equal(0, (bias.Bias(4, 4) - bias.forward()).abs().max().item<float>());
    }

    [Fact]
    public void Should_KeepConstantOffsetsAndTheClsRows_When_TheGridGrows()
    {
        // Bilinear weights sum to 1: offsets that are all c stay c on any grid; the CLS rows (last three) are copied.
        using var scope = NewDisposeScope();
        Tensor table = cat([full(49, 4, 0.25f), full(1, 4, -1f), full(1, 4, -2f), full(1, 4, -3f)], 0);
        var bias = BiasOf(table);

        Tensor grown = bias.Bias(6, 5); // 30 patches + CLS

        Assert.Equal([4L, 31, 31], grown.shape);
        Assert.True((grown.narrow(1, 1, 30).narrow(2, 1, 30) - 0.25f).abs().max().item<float>() < 1e-6f);
        Assert.Equal(-1f, grown[0, 0, 5].item<float>());  // CLS → patch
        Assert.Equal(-2f, grown[0, 7, 0].item<float>());  // patch → CLS
        Assert.Equal(-3f, grown[0, 0, 0].item<float>());  // CLS → CLS
    }

    [Fact]
    public void Should_ReadTheSameOffsetForTheSamePatchPair_When_TheGridIsNew()
    {
        // Relative positions: patches (r, c) → (r', c') with the same offset share one table row on any grid.
        using var scope = NewDisposeScope();
        var bias = BiasOf(randn(52, 4));

        Tensor b = bias.Bias(5, 5);

        // (0,0)→(1,2) and (2,1)→(3,3): offset (1, 2) in both; token = 1 + 5·row + column.
        Assert.Equal(0, (b[.., 1 + 0, 1 + 7] - b[.., 1 + 11, 1 + 18]).abs().max().item<float>());
    }
}
