using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Pipeline;

/// <summary>
/// How a hidden state becomes one vector per image (design.md §1, docs/models.md). Token states (N×T×C): <c>cls</c> =
/// token 0 (an error for families without a CLS token, e.g. SigLIP), <c>mean</c> = mean of the image tokens (the
/// family's special tokens — CLS, DeiT's distillation token — excluded), <c>flatten</c> = all T×C values. Feature maps
/// of convolutional stages (N×C×H×W): <c>mean</c> = mean over the H×W positions, <c>flatten</c> = all C×H×W values.
/// </summary>
internal static class EmbeddingPooling
{
    /// <summary>Pools <paramref name="hidden"/> and returns an N×D float32 CPU tensor.</summary>
    public static Tensor Pool(Tensor hidden, string pooling, ModelFamily family)
    {
        bool featureMap = hidden.dim() == 4;
        int special = featureMap ? 0 : family.SpecialTokens;
        Tensor pooled = pooling switch
        {
            "cls" when special == 0 => throw new ArgumentException(
                $"embedding.pooling 'cls' needs a CLS token, and {family.TransformersClass} has none; use mean or flatten."),
            "cls" => hidden.select(1, 0),
            "mean" when featureMap => hidden.to(ScalarType.Float32).mean([2L, 3L]),
            "mean" => hidden.narrow(1, special, hidden.shape[1] - special).to(ScalarType.Float32).mean([1L]),
            "flatten" => hidden.reshape(hidden.shape[0], -1),
            _ => throw new ArgumentException($"Unknown pooling '{pooling}'. Expected cls, mean or flatten."),
        };
        return pooled.to(ScalarType.Float32).cpu().contiguous();
    }

    /// <summary>Vector length for a hidden state of <paramref name="positions"/> × <paramref name="channels"/>.</summary>
    public static long Dimension(string pooling, long positions, long channels) => pooling == "flatten" ? positions * channels : channels;
}
