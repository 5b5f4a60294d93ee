using Workflow.Core.Experiments;
using Workflow.Core.Images;

namespace Workflow.Core.Data.Images;

/// <summary>
/// Picks the per-class subsample (<see cref="PerClassSubsampler"/>, the same rule and seeds as CIFAR) from the labels of
/// every item, then decodes only the picked ones, in parallel. A file that does not decode stops the run
/// (<see cref="BadImagePolicy.Error"/>) or is left out and counted (<see cref="BadImagePolicy.Skip"/>); it never becomes
/// a blank image.
/// </summary>
public static class SelectionDecoder
{
    /// <summary>
    /// Positions to keep, grouped by class: <see cref="PerClassSubsampler"/>'s rule (a <see cref="DeterministicRandom"/>
    /// stream per (seed, class), first <paramref name="perClass"/> of the shuffle, ascending), except that a class with
    /// fewer images keeps them all — a user's folder rarely has equal classes.
    /// </summary>
    public static int[] Select(IReadOnlyList<int> labels, int classCount, int? perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var selected = new List<int>();
        for (int c = 0; c < classCount; c++)
        {
            int[] positions = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (perClass is int take && positions.Length > take)
            {
                DeterministicRandom.ForStream(seed, (ulong)c).Shuffle(positions.AsSpan());
                positions = positions[..take];
                Array.Sort(positions);
            }
            selected.AddRange(positions);
        }
        return [.. selected];
    }

    /// <summary>Selects and decodes.</summary>
    /// <param name="labels">Label of every item, in source order.</param>
    /// <param name="classNames">Names of the labels.</param>
    /// <param name="encoded">The encoded bytes of item i and a name for messages.</param>
    /// <param name="perClass">Images per class.</param>
    /// <param name="seed">Seed of the subsample.</param>
    /// <param name="policy">What to do with an image that does not decode.</param>
    public static DecodedDataset Decode(IReadOnlyList<int> labels, IReadOnlyList<string> classNames, Func<int, (byte[] Data, string Name)> encoded,
        int? perClass, ulong seed, BadImagePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(encoded);
        int[] positions = Select(labels, classNames.Count, perClass, seed);
        var decoded = new RgbImage?[positions.Length];
        var failures = new string?[positions.Length];
        Parallel.For(0, positions.Length, i =>
        {
            var (data, name) = encoded(positions[i]);
            try
            {
                decoded[i] = PillowImageDecoder.Decode(data, name);
            }
            catch (ImageDecodeException e) when (policy == BadImagePolicy.Skip)
            {
                failures[i] = e.Message;
            }
        });
        var images = new List<RgbImage>();
        var kept = new List<int>();
        for (int i = 0; i < positions.Length; i++)
        {
            if (decoded[i] is null) continue;
            images.Add(decoded[i]!);
            kept.Add(positions[i]);
        }
        return new DecodedDataset(images, kept.Select(p => labels[p]).ToArray(), [.. kept], classNames,
            failures.Where(f => f is not null).Select(f => f!).ToArray());
    }
}
