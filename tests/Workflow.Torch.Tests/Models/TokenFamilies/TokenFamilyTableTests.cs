using Workflow.Torch.Models;
using Workflow.Torch.Models.Clip;
using Workflow.Torch.Models.DeiT;
using Workflow.Torch.Models.Dinov2;
using Workflow.Torch.Models.Siglip;
using Workflow.Torch.Models.ViTMAE;
using Workflow.Torch.Preprocessing;

namespace Workflow.Torch.Tests.Models.TokenFamilies;

/// <summary>The token families' rows, config defaults and processors against transformers 4.43's own definitions.</summary>
public class TokenFamilyTableTests
{
    [Theory]
    // IMAGE_PROCESSOR_MAPPING_NAMES (transformers/models/auto/image_processing_auto.py, 4.43) and the special tokens.
    [InlineData("deit", "DeiTImageProcessor", 2, "DeiTModel")]
    [InlineData("dinov2", "BitImageProcessor", 1, "Dinov2Model")]
    [InlineData("clip_vision_model", "CLIPImageProcessor", 1, "CLIPVisionModel")]
    [InlineData("clip", "CLIPImageProcessor", 1, "CLIPVisionModel")]
    [InlineData("siglip_vision_model", "SiglipImageProcessor", 0, "SiglipVisionModel")]
    [InlineData("siglip", "SiglipImageProcessor", 0, "SiglipVisionModel")]
    [InlineData("vit_mae", "ViTImageProcessor", 1, "ViTMAEModel")]
    public void Should_GiveTransformersProcessorAndSpecialTokens_When_LookingUpATokenFamily(string modelType, string processor, int special, string className)
    {
        ModelFamily family = ModelFamilies.ForModelType(modelType);

        Assert.Equal(processor, family.DefaultProcessorClass);
        Assert.Equal(special, family.SpecialTokens);
        Assert.Equal(className, family.TransformersClass);
        Assert.False(family.Hierarchical);
        Assert.Contains(modelType, ModelFamilies.TinyFamilies);
    }

    [Fact]
    public void Should_UseTheConfigClassDefaults_When_KeysAreAbsent()
    {
        // The __init__ defaults of DeiTConfig, Dinov2Config, CLIPVisionConfig, SiglipVisionConfig, ViTMAEConfig (4.43).
        var deit = (DeiTConfig)ModelFamilies.ParseConfig("""{"model_type": "deit"}""");
        Assert.Equal((198, 768), deit.HiddenStateShape(12)); // CLS + distillation + 14×14 patches
        Assert.Equal(13, deit.NumHiddenStates);

        var dinov2 = (Dinov2Config)ModelFamilies.ParseConfig("""{"model_type": "dinov2"}""");
        Assert.Equal((14, 3072, 1e-6), (dinov2.PatchSize, dinov2.MlpHiddenSize, dinov2.LayerNormEps));
        var swiglu = (Dinov2Config)ModelFamilies.ParseConfig("""{"model_type": "dinov2", "hidden_size": 1536, "use_swiglu_ffn": true}""");
        Assert.Equal(4096, swiglu.MlpHiddenSize); // (int(6144·2/3) + 7) // 8 · 8, as DINOv2-g

        var clip = (ClipVisionConfig)ModelFamilies.ParseConfig("""{"model_type": "clip_vision_model"}""");
        Assert.Equal((32, "quick_gelu", 1e-5, 50), (clip.PatchSize, clip.HiddenAct, clip.LayerNormEps, clip.HiddenStateShape(0).Positions));
        var full = (ClipVisionConfig)ModelFamilies.ParseConfig(
            """{"model_type": "clip", "projection_dim": 512, "vision_config": {"patch_size": 16, "hidden_size": 768}, "text_config": {"hidden_size": 512}}""");
        Assert.Equal((16, 197, 512), (full.PatchSize, full.HiddenStateShape(0).Positions, full.ProjectionDim));

        var siglip = (SiglipVisionConfig)ModelFamilies.ParseConfig("""{"model_type": "siglip_vision_model"}""");
        Assert.Equal((16, "gelu_pytorch_tanh", 196), (siglip.PatchSize, siglip.HiddenAct, siglip.HiddenStateShape(0).Positions));

        var mae = (ViTMAEConfig)ModelFamilies.ParseConfig("""{"model_type": "vit_mae"}""");
        Assert.Equal((0.75, 197), (mae.MaskRatio, mae.HiddenStateShape(0).Positions));
    }

    [Fact]
    public void Should_NameTheField_When_AConfigIsInvalid()
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelFamilies.ParseConfig("""{"model_type": "dinov2", "hidden_size": 100, "num_attention_heads": 12}"""));
        Assert.Contains("num_attention_heads", error.Message);
        var act = Assert.Throws<InvalidDataException>(() => ModelFamilies.ParseConfig("""{"model_type": "clip", "vision_config": {"hidden_act": "mish"}}"""));
        Assert.Contains("hidden_act", act.Message);
    }

    [Theory]
    // get_resize_output_image_size(size=s, default_to_square=False): short side s, long side int(s · long / short).
    [InlineData(32, 32, 36, 36, 36)]
    [InlineData(480, 640, 224, 224, 298)] // int(224 · 640 / 480) = int(298.67)
    [InlineData(640, 480, 224, 298, 224)]
    [InlineData(375, 500, 256, 256, 341)] // int(341.33)
    public void Should_ScaleTheShortSide_When_ResizingToAShortestEdge(int height, int width, int edge, int outH, int outW)
    {
        Assert.Equal((outH, outW), ShortestEdgeResize.OutputSize(height, width, edge));
    }

    [Fact]
    public void Should_ReadLegacyFeatureExtractorFiles_When_SizeIsAnInteger()
    {
        // An integer size is a square for DeiT but a shortest edge for CLIP (get_size_dict default_to_square).
        var deit = ImageProcessorConfig.Parse("""{"feature_extractor_type": "DeiTFeatureExtractor", "size": 256, "crop_size": 224}""", "ViTImageProcessor");
        Assert.Equal(("DeiTImageProcessor", 256, 256, (int?)null, 224), (deit.ProcessorClass, deit.Height, deit.Width, deit.ShortestEdge, deit.CropHeight));
        Assert.True(deit.DoCenterCrop);

        var clip = ImageProcessorConfig.Parse("""{"feature_extractor_type": "CLIPFeatureExtractor", "size": 224, "crop_size": 224}""", "ViTImageProcessor");
        Assert.Equal(("CLIPImageProcessor", (int?)224, 224), (clip.ProcessorClass, clip.ShortestEdge, clip.CropWidth));
        Assert.Equal(0.48145466, clip.ImageMean[0]);
    }

    [Fact]
    public void Should_UseTheClassDefaults_When_TheProcessorFileIsAbsent()
    {
        ImageProcessorConfig bit = ImageProcessorConfig.Defaults("BitImageProcessor");
        Assert.Equal(((int?)224, PillowFilter.Bicubic, 224), (bit.ShortestEdge, bit.Resample, bit.CropHeight));
        ImageProcessorConfig siglip = ImageProcessorConfig.Defaults("SiglipImageProcessor");
        Assert.Equal((224, 224, false, 0.5), (siglip.Height, siglip.Width, siglip.DoCenterCrop, siglip.ImageMean[0]));
    }
}
