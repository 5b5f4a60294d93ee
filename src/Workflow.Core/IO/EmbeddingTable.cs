using Workflow.Core.TwoNn;

namespace Workflow.Core.IO;

/// <summary>
/// The embeddings of one model × layer: one vector per image, with the image's source index and label,
/// and free-form key-value metadata (model, layer, pooling, dataset, …).
/// </summary>
/// <param name="Index">Source index of each row (e.g. the image's position in the CIFAR split).</param>
/// <param name="Labels">Class label of each row; null when the file has no label column.</param>
/// <param name="Vectors">The vectors, one per row.</param>
/// <param name="Metadata">Key-value metadata stored in the Parquet footer.</param>
public sealed record EmbeddingTable(
    int[] Index, int[]? Labels, PointMatrix Vectors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Checks that the columns have one entry per vector.</summary>
    /// <exception cref="ArgumentException">A column's length differs from the number of vectors.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Index);
        ArgumentNullException.ThrowIfNull(Vectors);
        ArgumentNullException.ThrowIfNull(Metadata);
        if (Index.Length != Vectors.Rows)
            throw new ArgumentException($"Index has {Index.Length} entries for {Vectors.Rows} vectors.", nameof(Index));
        if (Labels is not null && Labels.Length != Vectors.Rows)
            throw new ArgumentException($"Labels has {Labels.Length} entries for {Vectors.Rows} vectors.", nameof(Labels));
    }
}
