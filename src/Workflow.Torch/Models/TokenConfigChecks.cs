namespace Workflow.Torch.Models;

/// <summary>The size checks every token (ViT-like) family's config parser makes, with the field named in the error.</summary>
internal static class TokenConfigChecks
{
    public static void Require(int hiddenSize, int layers, int heads, int patchSize, int imageSize)
    {
        Positive(hiddenSize, "hidden_size");
        Positive(layers, "num_hidden_layers");
        Positive(heads, "num_attention_heads");
        Positive(patchSize, "patch_size");
        Positive(imageSize, "image_size");
        if (hiddenSize % heads != 0)
            throw new InvalidDataException($"config.json: hidden_size {hiddenSize} is not a multiple of num_attention_heads {heads}.");
        if (imageSize < patchSize)
            throw new InvalidDataException($"config.json: image_size {imageSize} is smaller than patch_size {patchSize}.");
    }

    private static void Positive(int value, string field)
    {
        if (value <= 0) throw new InvalidDataException($"config.json field '{field}' must be positive, found {value}.");
    }
}
