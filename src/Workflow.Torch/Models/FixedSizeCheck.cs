using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>The input check of families without position interpolation in transformers 4.43 (CLIP, SigLIP).</summary>
internal static class FixedSizeCheck
{
    public static void Require(Tensor pixelValues, int numChannels, int height, int width, string family)
    {
        if (pixelValues.dim() != 4)
            throw new ArgumentException($"pixel_values must be N×C×H×W, found shape [{string.Join(", ", pixelValues.shape)}].", nameof(pixelValues));
        if (pixelValues.shape[1] != numChannels)
            throw new ArgumentException(
                $"pixel_values has {pixelValues.shape[1]} channels but the model's config.json says num_channels = {numChannels}.", nameof(pixelValues));
        if (pixelValues.shape[2] != height || pixelValues.shape[3] != width)
            throw new ArgumentException(
                $"Input image size ({pixelValues.shape[2]}*{pixelValues.shape[3]}) doesn't match the {family} model ({height}*{width}); " +
                $"{family} in transformers 4.43 has no position interpolation. Run the model's own image processor.", nameof(pixelValues));
    }
}
