using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Models.Siglip;

/// <summary>
/// The <c>siglip_vision_model</c> and <c>siglip</c> rows (transformers <c>models/siglip</c>; SiglipVisionModel,
/// SiglipImageProcessor). No CLS token (SpecialTokens 0: <c>cls</c> pooling is an error, <c>mean</c> is over all tokens);
/// for a full SiglipModel checkpoint only the <c>vision_model.</c> tensors are used.
/// </summary>
internal static class SiglipFamily
{
    private static readonly string[] Unused = ["text_model.", "logit_scale", "logit_bias", "embeddings.position_ids"];

    public static ModelFamily VisionRow { get; } = Row("siglip_vision_model");

    public static ModelFamily FullModelRow { get; } = Row("siglip");

    private static ModelFamily Row(string modelType) => new()
    {
        ModelType = modelType,
        TransformersClass = "SiglipVisionModel",
        ParseConfig = SiglipVisionConfig.Parse,
        Build = (config, _, head) => Build((SiglipVisionConfig)config, head),
        DefaultProcessorClass = "SiglipImageProcessor",
        SpecialTokens = 0,
        WriteTiny = (folder, seed, options) => TokenTinyCheckpoint.Write(folder, modelType, seed, options),
    };

    private static BuiltModel Build(SiglipVisionConfig config, ModelHead head)
    {
        if (head == ModelHead.Classifier)
            throw new InvalidDataException("idim builds only SigLIP's vision tower (SiglipVisionModel), which has no classifier head; use --head base.");
        var unused = new List<string>(Unused);
        if (!config.UseHead) unused.Add("head.");
        return new BuiltModel(new SiglipVisionModel(config), "SiglipVisionModel", new KeyMapping("vision_model", true, unused));
    }
}
