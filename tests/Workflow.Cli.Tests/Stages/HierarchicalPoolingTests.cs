using Workflow.Pipeline;
using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Cli.Tests.Stages;

/// <summary>
/// What a layer's vector is for Swin / ConvNeXt / ResNet (docs/models.md): <c>mean</c> over the positions of the stage
/// output, <c>cls</c> an error (no CLS token), and for Swin the token mean equals the spatial mean of
/// <c>reshaped_hidden_states</c>, so either form gives the same embedding.
/// </summary>
public class HierarchicalPoolingTests
{
    [Fact]
    public void Should_AverageEveryToken_When_MeanPoolingSwinTokens()
    {
        using var scope = NewDisposeScope();
        ModelFamily swin = ModelFamilies.ForModelType("swin");
        Tensor reshaped = arange(2 * 3 * 2 * 2, ScalarType.Float32).reshape(2, 3, 2, 2); // N×C×H×W
        Tensor tokens = reshaped.flatten(2).transpose(1, 2);                              // N×(H·W)×C, as hidden_states

        Tensor fromTokens = EmbeddingPooling.Pool(tokens, "mean", swin);
        Tensor fromMap = EmbeddingPooling.Pool(reshaped, "mean", swin);

        // Image 0, channel 0 holds 0, 1, 2, 3 → 1.5; channel 2 holds 8..11 → 9.5 (no token skipped as "special").
        Assert.Equal([2L, 3], fromTokens.shape);
        Assert.Equal(1.5f, fromTokens[0, 0].item<float>());
        Assert.Equal(9.5f, fromTokens[0, 2].item<float>());
        Assert.Equal(0, (fromTokens - fromMap).abs().max().item<float>());
    }

    [Theory]
    [InlineData("swin", 3)]
    [InlineData("convnext", 4)]
    [InlineData("resnet", 4)]
    public void Should_RefuseClsPooling_When_TheFamilyHasNoClsToken(string family, int dims)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = dims == 3 ? zeros(2, 4, 3) : zeros(2, 3, 2, 2);

        var error = Assert.Throws<ArgumentException>(() => EmbeddingPooling.Pool(hidden, "cls", ModelFamilies.ForModelType(family)));

        Assert.Contains("has none; use mean or flatten", error.Message);
    }
}
