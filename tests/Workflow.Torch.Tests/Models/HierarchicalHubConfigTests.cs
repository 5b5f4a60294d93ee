using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models;

/// <summary>
/// The zoo's Swin / ConvNeXt / ResNet Hub configs (TestData/hub-configs-hierarchical, see its README) parse and build;
/// the built classifiers have the published parameter counts (timm / the papers: Swin-T 28.29 M, ConvNeXt-T 28.59 M,
/// ResNet-50 25.56 M), and the predicted hidden-state shapes are the known stage grids at 224 px.
/// </summary>
public class HierarchicalHubConfigTests
{
    private static string PathOf(string name) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "hub-configs-hierarchical", name + ".config.json");

    [Theory]
    [InlineData("swin-tiny-patch4-window7-224", "SwinForImageClassification", 28_288_354L)]
    [InlineData("convnext-tiny-224", "ConvNextForImageClassification", 28_589_128L)]
    [InlineData("resnet-50", "ResNetForImageClassification", 25_557_032L)]
    public void Should_BuildTheClassifierWithThePublishedParameterCount_When_ParsingTheHubConfig(string name, string className, long parameters)
    {
        using var scope = NewDisposeScope();
        PretrainedConfig config = ModelFamilies.LoadConfig(PathOf(name));
        ModelFamily family = ModelFamilies.Of(config);

        var built = family.Build(config, ["classifier.weight"], ModelHead.Auto);
        using var module = built.Module;

        Assert.Equal(className, built.ClassName);
        Assert.True(family.Hierarchical);
        Assert.Equal(0, family.SpecialTokens);
        Assert.Equal(parameters, module.parameters().Sum(p => p.numel()));
    }

    [Theory]
    // hidden_states at 224 px: embeddings / stem then each stage, as (positions, channels).
    [InlineData("swin-tiny-patch4-window7-224", new[] { 3136, 784, 196, 49, 49 }, new[] { 96, 192, 384, 768, 768 })]
    [InlineData("convnext-tiny-224", new[] { 3136, 3136, 784, 196, 49 }, new[] { 96, 96, 192, 384, 768 })]
    [InlineData("resnet-50", new[] { 3136, 3136, 784, 196, 49 }, new[] { 64, 256, 512, 1024, 2048 })]
    public void Should_PredictTheStageGrids_When_ParsingTheHubConfig(string name, int[] positions, int[] channels)
    {
        PretrainedConfig config = ModelFamilies.LoadConfig(PathOf(name));

        Assert.Equal(positions.Length, config.NumHiddenStates);
        for (int i = 0; i < positions.Length; i++)
            Assert.Equal((positions[i], channels[i]), config.HiddenStateShape(i));
    }

    [Fact]
    public void Should_RunTheBaseModelAt224_When_BuiltFromTheSwinTinyConfig()
    {
        using var scope = NewDisposeScope();
        PretrainedConfig config = ModelFamilies.LoadConfig(PathOf("swin-tiny-patch4-window7-224"));
        var built = ModelFamilies.Of(config).Build(config, [], ModelHead.Base);
        using var module = built.Module;
        module.eval();

        using var inference = inference_mode();
        using VisionModelOutput output = module.forward(randn(1, 3, 224, 224));

        Assert.Equal("SwinModel", built.ClassName);
        Assert.Equal([1L, 768, 7, 7], output.ReshapedHiddenStates![4].shape);
        Assert.Equal([1L, 768], output.PoolerOutput!.shape);
    }
}
