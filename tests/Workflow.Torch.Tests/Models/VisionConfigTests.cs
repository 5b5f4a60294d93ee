using Workflow.Torch.Models;

namespace Workflow.Torch.Tests.Models;

public class VisionConfigTests
{
    [Fact]
    public void Should_ListSupportedTypes_When_ModelTypeIsUnknown()
    {
        var error = Assert.Throws<InvalidDataException>(() => VisionConfig.Parse("""{"model_type": "mobilevit"}"""));

        Assert.Contains("'mobilevit'", error.Message);
        Assert.Contains("vit, beit, data2vec-vision", error.Message);
        Assert.Contains("swin", error.Message);
    }

    [Fact]
    public void Should_SayItIsAnotherFamily_When_AVisionConfigIsAskedOfASwinFile()
    {
        var error = Assert.Throws<InvalidDataException>(() => VisionConfig.Parse("""{"model_type": "swin"}"""));

        Assert.Contains("'swin', which is not a ViT / BEiT / Data2VecVision model", error.Message);
    }

    [Theory]
    [InlineData("""{"model_type": "vit", "hidden_act": "mish"}""", "hidden_act")]
    [InlineData("""{"model_type": "vit", "pruned_heads": {"0": [1]}}""", "pruned_heads")]
    [InlineData("""{"model_type": "beit", "hidden_size": 10, "num_attention_heads": 3}""", "num_attention_heads")]
    [InlineData("""{"model_type": "beit", "use_mean_pooling": "yes"}""", "use_mean_pooling")]
    public void Should_NameTheField_When_AValueIsUnsupported(string json, string field)
    {
        var error = Assert.Throws<InvalidDataException>(() => VisionConfig.Parse(json));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Should_FillTransformersDefaults_When_KeysAreAbsent()
    {
        VisionConfig beit = VisionConfig.Parse("""{"model_type": "beit"}""");
        VisionConfig vit = VisionConfig.Parse("""{"model_type": "vit"}""");

        Assert.Equal((768, 12, 12, 3072, 224, 16), (beit.HiddenSize, beit.NumHiddenLayers, beit.NumAttentionHeads, beit.IntermediateSize, beit.ImageHeight, beit.PatchHeight));
        Assert.True(beit.UseMeanPooling);
        Assert.False(beit.UseRelativePositionBias);
        Assert.Equal(0.1, beit.LayerScaleInitValue);
        Assert.True(vit.QkvBias);
        Assert.Equal(1e-12, vit.LayerNormEps);
        Assert.Equal(197, vit.SequenceLength);
        Assert.Equal(2, vit.NumLabels);
    }
}
