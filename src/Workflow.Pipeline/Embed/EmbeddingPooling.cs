using static TorchSharp.torch;

namespace Workflow.Pipeline;

/// <summary>
/// How a hidden state (N×T×C) becomes one vector per image (design.md §1): <c>cls</c> = token 0,
/// <c>mean</c> = mean of the patch tokens (token 0 excluded), <c>flatten</c> = all T×C values.
/// </summary>
internal static class EmbeddingPooling
{
    /// <summary>Pools <paramref name="hidden"/> and returns an N×D float32 CPU tensor.</summary>
    public static Tensor Pool(Tensor hidden, string pooling)
    {
        Tensor pooled = pooling switch
        {
            "cls" => hidden.select(1, 0),
            "mean" => hidden.narrow(1, 1, hidden.shape[1] - 1).to(ScalarType.Float32).mean([1L]),
            "flatten" => hidden.reshape(hidden.shape[0], -1),
            _ => throw new ArgumentException($"Unknown pooling '{pooling}'. Expected cls, mean or flatten.", nameof(pooling)),
        };
        return pooled.to(ScalarType.Float32).cpu().contiguous();
    }

    /// <summary>Vector length for a hidden state of <paramref name="tokens"/> × <paramref name="channels"/>.</summary>
    public static long Dimension(string pooling, long tokens, long channels) => pooling == "flatten" ? tokens * channels : channels;
}
