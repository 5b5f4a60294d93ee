namespace Workflow.Core.Data;

/// <summary>
/// Deterministic per-class subsampling: for each class, its positions are shuffled by a
/// <see cref="DeterministicRandom"/> stream of (seed, class) and the first <c>perClass</c> are kept, so the choice
/// for one class never depends on the others and is the same on every machine.
/// </summary>
public static class PerClassSubsampler
{
    /// <summary>Positions to keep: grouped by class (ascending), ascending within a class.</summary>
    /// <param name="labels">Label of each image.</param>
    /// <param name="classCount">Number of classes; labels must lie in [0, classCount).</param>
    /// <param name="perClass">Images to keep per class; null keeps every image.</param>
    /// <param name="seed">Seed of the choice.</param>
    /// <exception cref="ArgumentException">A class has fewer than <paramref name="perClass"/> images.</exception>
    public static int[] Select(IReadOnlyList<int> labels, int classCount, int? perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if (perClass is int n) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(perClass));
        var byClass = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) byClass[c] = [];
        for (int i = 0; i < labels.Count; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"Label {labels[i]} at position {i} is outside [0, {classCount}).", nameof(labels));
            byClass[labels[i]].Add(i);
        }

        var selected = new List<int>();
        for (int c = 0; c < classCount; c++)
        {
            int[] positions = [.. byClass[c]];
            if (perClass is int take)
            {
                if (positions.Length < take)
                    throw new ArgumentException($"Class {c} has {positions.Length} images, fewer than per_class = {take}. " +
                                                "What to do: lower per_class or use the larger split.", nameof(perClass));
                DeterministicRandom.ForStream(seed, (ulong)c).Shuffle(positions.AsSpan());
                positions = positions[..take];
                Array.Sort(positions);
            }
            selected.AddRange(positions);
        }
        return [.. selected];
    }

    /// <summary>Applies <see cref="Select"/> to <paramref name="images"/>; source indices are carried over.</summary>
    public static LabeledImages Subsample(LabeledImages images, int? perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        return perClass is null ? images : images.Select(Select(images.Labels, images.ClassNames.Count, perClass, seed));
    }
}
