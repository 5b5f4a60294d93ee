using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Fixtures;

/// <summary>The token-family fixtures of the second transformers-written batch, copied into TestData/hf-tiny-2 (README there).</summary>
public static class HfTiny2TokenFixture
{
    /// <summary>Every token-family fixture folder (DeiT, DINOv2, CLIP, SigLIP, ViTMAE).</summary>
    public static readonly string[] Names =
    [
        "clip-full-model-224", "clip-vision", "deit-distilled-224", "deit-distilled-teacher", "deit-model-pooler",
        "dinov2-224", "dinov2-interp", "dinov2-swiglu", "siglip-vision", "siglip-vision-224", "vit-mae", "vit-mae-224",
    ];

    /// <summary>Folders that also hold pytorch_model.bin.</summary>
    public static readonly string[] WithBin = ["clip-full-model-224", "clip-vision", "deit-distilled-teacher", "dinov2-interp", "siglip-vision", "vit-mae"];

    /// <summary>
    /// Reference tensors idim's forward does not write (VisionModelOutput has hidden_states, last_hidden_state,
    /// pooler_output, logits): DeiT's two head logits (their mean is <c>logits</c>), CLIPModel's projected
    /// <c>image_embeds</c>, ViTMAE's <c>mask</c> / <c>ids_restore</c> (all zeros / identity for the whole image).
    /// </summary>
    public static readonly string[] NotProduced = ["images_uint8", "cls_logits", "distillation_logits", "image_embeds", "mask", "ids_restore"];

    public static IEnumerable<object[]> All => Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> AllWithBin => WithBin.Select(n => new object[] { n });

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny-2", name);

    public static Dictionary<string, Tensor> Reference(string name, string file = "reference.safetensors") =>
        SafetensorsFile.Load(Path.Combine(Folder(name), file));
}
