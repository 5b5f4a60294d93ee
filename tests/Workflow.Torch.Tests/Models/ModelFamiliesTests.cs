using Workflow.Torch.Models;

namespace Workflow.Torch.Tests.Models;

public sealed class ModelFamiliesTests
{
    [Fact]
    public void Should_HaveOneRowPerModelType_When_ListingTheTable()
    {
        Assert.Equal(ModelFamilies.ModelTypes.Count, ModelFamilies.ModelTypes.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("vit", ModelFamilies.ModelTypes);
        Assert.Contains("data2vec-vision", ModelFamilies.ModelTypes);
    }

    [Fact]
    public void Should_NameEverySupportedType_When_ModelTypeIsUnknown()
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelFamilies.ParseConfig("""{"model_type": "no-such-family"}"""));
        Assert.Contains("'no-such-family'", error.Message);
        foreach (string type in ModelFamilies.ModelTypes) Assert.Contains(type, error.Message);
    }

    [Theory]
    [InlineData("vit", "ViTImageProcessor", 1)]
    [InlineData("beit", "BeitImageProcessor", 1)]
    [InlineData("data2vec-vision", "BeitImageProcessor", 1)]
    public void Should_GiveTransformersProcessorDefault_When_LookingUpAFamily(string modelType, string processor, int specialTokens)
    {
        // IMAGE_PROCESSOR_MAPPING_NAMES in transformers/models/auto/image_processing_auto.py (4.43).
        ModelFamily family = ModelFamilies.ForModelType(modelType);
        Assert.Equal(processor, family.DefaultProcessorClass);
        Assert.Equal(specialTokens, family.SpecialTokens);
        Assert.Equal(modelType, ModelFamilies.Of(ModelFamilies.ParseConfig($$"""{"model_type": "{{modelType}}"}""")).ModelType);
    }
}
