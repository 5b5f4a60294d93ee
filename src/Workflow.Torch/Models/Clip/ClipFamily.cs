using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Models.Clip;

/// <summary>
/// The <c>clip_vision_model</c> and <c>clip</c> rows (transformers <c>models/clip</c>; CLIPVisionConfig / CLIPConfig,
/// CLIPVisionModel, CLIPImageProcessor). Both build CLIPVisionModel: for a full CLIPModel checkpoint only the
/// <c>vision_model.</c> tensors are used.
/// </summary>
internal static class ClipFamily
{
    // CLIPModel / CLIPVisionModelWithProjection keys the vision tower does not use, and the position_ids buffers that
    // checkpoints written by transformers <= 4.30 still carry (non-persistent since; transformers 4.43 ignores them).
    private static readonly string[] Unused =
        ["text_model.", "text_projection.", "visual_projection.", "logit_scale", "embeddings.position_ids"];

    public static ModelFamily VisionRow { get; } = Row("clip_vision_model");

    public static ModelFamily FullModelRow { get; } = Row("clip");

    private static ModelFamily Row(string modelType) => new()
    {
        ModelType = modelType,
        TransformersClass = "CLIPVisionModel",
        ParseConfig = ClipVisionConfig.Parse,
        Build = (config, _, head) => Build((ClipVisionConfig)config, head),
        DefaultProcessorClass = "CLIPImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TokenTinyCheckpoint.Write(folder, modelType, seed, options),
    };

    private static BuiltModel Build(ClipVisionConfig config, ModelHead head)
    {
        if (head == ModelHead.Classifier)
            throw new InvalidDataException("idim builds only CLIP's vision tower (CLIPVisionModel), which has no classifier head; use --head base.");
        return new BuiltModel(new ClipVisionModel(config), "CLIPVisionModel", new KeyMapping("vision_model", true, Unused));
    }
}
