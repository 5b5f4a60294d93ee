using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// The input checks of the patch embeddings that interpolate their position tables (ViT, DeiT, DINOv2, ViTMAE, BEiT,
/// data2vec-vision): channels must match <c>num_channels</c>, and the image must hold at least one patch.
/// </summary>
internal static class PixelValuesCheck
{
    /// <summary>
    /// The checks of a patch embedding that interpolates its position table: N×C×H×W with
    /// <c>num_channels</c> channels and at least one patch; any other size is accepted.
    /// </summary>
    public static void RequireChannels(Tensor pixelValues, int numChannels, int patchHeight, int patchWidth)
    {
        if (pixelValues.dim() != 4)
            throw new ArgumentException($"pixel_values must be N×C×H×W, found shape [{string.Join(", ", pixelValues.shape)}].", nameof(pixelValues));
        long c = pixelValues.shape[1], h = pixelValues.shape[2], w = pixelValues.shape[3];
        if (c != numChannels)
            throw new ArgumentException(
                $"pixel_values has {c} channels but the model's config.json says num_channels = {numChannels}.", nameof(pixelValues));
        if (h < patchHeight || w < patchWidth)
            throw new ArgumentException(
                $"Input image size ({h}*{w}) is smaller than one patch ({patchHeight}*{patchWidth}).", nameof(pixelValues));
    }
}
