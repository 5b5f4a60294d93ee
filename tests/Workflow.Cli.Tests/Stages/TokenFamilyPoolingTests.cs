using Workflow.Pipeline;
using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Cli.Tests.Stages;

/// <summary>What cls / mean pooling mean per token family (docs/models.md): the special tokens come from the family row.</summary>
public class TokenFamilyPoolingTests
{
    [Fact]
    public void Should_ExcludeBothSpecialTokens_When_MeanPoolingDeiT()
    {
        using var scope = NewDisposeScope();
        // Token values 100 (CLS), 50 (distillation), then patches 1, 2, 3: the mean of the patches is 2.
        Tensor hidden = tensor(new float[] { 100, 50, 1, 2, 3 }, [1, 5, 1]);

        Tensor pooled = EmbeddingPooling.Pool(hidden, "mean", ModelFamilies.ForModelType("deit"));

        Assert.Equal(2f, pooled[0, 0].item<float>());
    }

    [Theory]
    [InlineData("siglip_vision_model")]
    [InlineData("siglip")]
    public void Should_RefuseClsPooling_When_TheFamilyHasNoClsToken(string modelType)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = ones(2, 4, 3);

        var error = Assert.Throws<ArgumentException>(() => EmbeddingPooling.Pool(hidden, "cls", ModelFamilies.ForModelType(modelType)));

        Assert.Contains("SiglipVisionModel has none", error.Message);
        Assert.Equal(1f, EmbeddingPooling.Pool(hidden, "mean", ModelFamilies.ForModelType(modelType))[1, 2].item<float>());
    }
}
