namespace Workflow.Torch.Preprocessing;

/// <summary>
/// <c>__init__</c> defaults (transformers 4.43) of the processors of the token families: DeiTImageProcessor,
/// CLIPImageProcessor, BitImageProcessor (DINOv2) and SiglipImageProcessor.
/// </summary>
internal static class TokenFamilyProcessorDefaults
{
    /// <summary>IMAGENET_DEFAULT_MEAN / _STD (image_utils.constants).</summary>
    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406], ImageNetStd = [0.229, 0.224, 0.225];

    /// <summary>OPENAI_CLIP_MEAN / _STD.</summary>
    private static readonly double[] ClipMean = [0.48145466, 0.4578275, 0.40821073], ClipStd = [0.26862954, 0.26130258, 0.27577711];

    public static ImageProcessorConfig For(string processorClass) => processorClass switch
    {
        // DeiTImageProcessor: size 256×256, bicubic, centre crop 224×224, ImageNet default mean/std.
        "DeiTImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, Height = 256, Width = 256, Resample = PillowFilter.Bicubic,
            DoCenterCrop = true, CropHeight = 224, CropWidth = 224, ImageMean = ImageNetMean, ImageStd = ImageNetStd,
        },
        // CLIPImageProcessor: shortest edge 224, bicubic, centre crop 224×224, OpenAI CLIP mean/std.
        "CLIPImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, ShortestEdge = 224, Resample = PillowFilter.Bicubic,
            DoCenterCrop = true, CropHeight = 224, CropWidth = 224, ImageMean = ClipMean, ImageStd = ClipStd,
        },
        // BitImageProcessor: shortest edge 224, bicubic, centre crop 224×224, OpenAI CLIP mean/std (facebook/dinov2-*
        // files override mean/std with ImageNet's).
        "BitImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, ShortestEdge = 224, Resample = PillowFilter.Bicubic,
            DoCenterCrop = true, CropHeight = 224, CropWidth = 224, ImageMean = ClipMean, ImageStd = ClipStd,
        },
        // SiglipImageProcessor: 224×224, bicubic, no crop, mean/std 0.5 (IMAGENET_STANDARD).
        "SiglipImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, Height = 224, Width = 224, Resample = PillowFilter.Bicubic,
        },
        _ => throw new InvalidDataException($"Unknown image processor class '{processorClass}'."),
    };
}
