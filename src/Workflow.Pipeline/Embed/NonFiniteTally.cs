namespace Workflow.Pipeline;

/// <summary>
/// Counts NaN / ±Inf values per embedded layer, so that a model with non-finite weights (or one that overflows in
/// float16) is reported at Embed instead of surfacing later as "no estimate" on every layer (probe #20).
/// </summary>
internal sealed class NonFiniteTally(IReadOnlyList<int> layers)
{
    private readonly long[] counts = new long[layers.Count];
    private long values;

    /// <summary>Adds the pooled vectors of the <paramref name="slot"/>-th kept layer.</summary>
    public void Count(int slot, ReadOnlySpan<float> vectors)
    {
        if (slot == 0) values += vectors.Length;
        long bad = 0;
        foreach (float v in vectors) if (!float.IsFinite(v)) bad++;
        counts[slot] += bad;
    }

    /// <summary>One warning line naming the layers with non-finite values, or nothing.</summary>
    public void Warn(string model, TextWriter writer)
    {
        var affected = layers.Select((layer, i) => (layer, count: counts[i])).Where(x => x.count > 0).ToList();
        if (affected.Count == 0) return;
        writer.WriteLine($"warning: {model}: the embeddings hold NaN or infinite values at layer(s) " +
                         string.Join(", ", affected.Select(a => $"{a.layer} ({a.count} of {values})")) +
                         ". TwoNN gives no estimate for such points. Check the model's weights for NaN/Inf, or use dtype float32 if float16 overflows.");
    }
}
