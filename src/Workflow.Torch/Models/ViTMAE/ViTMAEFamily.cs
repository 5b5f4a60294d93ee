using Workflow.Torch.Tiny;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Models.ViTMAE;

/// <summary>
/// The <c>vit_mae</c> row (transformers <c>models/vit_mae</c>; ViTMAEConfig, ViTMAEModel; AutoImageProcessor maps vit_mae
/// to ViTImageProcessor). A ViTMAEForPreTraining checkpoint (facebook/vit-mae-*) loads its <c>vit.</c> encoder; the
/// decoder is unused.
/// </summary>
internal static class ViTMAEFamily
{
    public static ModelFamily Row { get; } = new()
    {
        ModelType = "vit_mae",
        TransformersClass = nameof(ViTMAEModel),
        ParseConfig = ViTMAEConfig.Parse,
        Build = (config, _, head) => head == ModelHead.Classifier
            ? throw new InvalidDataException("ViTMAE has no image-classification head in transformers 4.43; use --head base.")
            : new BuiltModel(new ViTMAEModel((ViTMAEConfig)config), nameof(ViTMAEModel), new KeyMapping("vit", false, ["decoder."])),
        DefaultProcessorClass = "ViTImageProcessor",
        SpecialTokens = 1,
        WriteTiny = (folder, seed, options) => TokenTinyCheckpoint.Write(folder, "vit_mae", seed, options),
    };
}
