namespace Workflow.Core.Data;

/// <summary>
/// A set of labelled RGB images: <see cref="Pixels"/> holds <see cref="Count"/> images as uint8 in NHWC
/// row-major order (image, row, column, channel R/G/B) — the layout Hugging Face image processors take and the
/// fixtures' <c>images_uint8</c> use.
/// </summary>
public sealed record LabeledImages
{
    /// <summary>Colour channels per pixel (R, G, B).</summary>
    public const int Channels = 3;

    /// <summary>Creates the set, checking that every array agrees with <paramref name="height"/>×<paramref name="width"/>.</summary>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="pixels">N×H×W×3 bytes, NHWC row-major.</param>
    /// <param name="labels">One label per image, each in [0, classNames.Count).</param>
    /// <param name="sourceIndices">Per image, its index within the split it came from.</param>
    /// <param name="classNames">Name of each label value.</param>
    public LabeledImages(int height, int width, byte[] pixels, int[] labels, int[] sourceIndices, IReadOnlyList<string> classNames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sourceIndices);
        ArgumentNullException.ThrowIfNull(classNames);
        long imageSize = (long)height * width * Channels;
        if (pixels.LongLength != labels.LongLength * imageSize)
            throw new ArgumentException($"Expected {labels.Length} images × {imageSize} bytes = {labels.LongLength * imageSize} pixel bytes, found {pixels.LongLength}.", nameof(pixels));
        if (sourceIndices.Length != labels.Length)
            throw new ArgumentException($"Expected one source index per image ({labels.Length}), found {sourceIndices.Length}.", nameof(sourceIndices));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"Label {labels[i]} of image {i} is outside [0, {classNames.Count}) (there are {classNames.Count} class names).", nameof(labels));
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
        SourceIndices = sourceIndices;
        ClassNames = classNames;
    }

    /// <summary>Number of images N.</summary>
    public int Count => Labels.Length;

    /// <summary>Image height H.</summary>
    public int Height { get; }

    /// <summary>Image width W.</summary>
    public int Width { get; }

    /// <summary>N×H×W×3 uint8, NHWC row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>Label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Index of each image within its split (e.g. 0…49999 for the CIFAR-10 training set).</summary>
    public int[] SourceIndices { get; }

    /// <summary>Name of each label value.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Bytes per image (H×W×3).</summary>
    public int ImageSize => Height * Width * Channels;

    /// <summary>The H×W×3 bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(checked(index * ImageSize), ImageSize);

    /// <summary>The images at <paramref name="positions"/> (positions in this set), in that order; source indices follow.</summary>
    public LabeledImages Select(IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        int size = ImageSize;
        var pixels = new byte[(long)positions.Count * size];
        var labels = new int[positions.Count];
        var sources = new int[positions.Count];
        for (int i = 0; i < positions.Count; i++)
        {
            int p = positions[i];
            if ((uint)p >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(positions), p, $"Position outside [0, {Count}).");
            Image(p).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[p];
            sources[i] = SourceIndices[p];
        }
        return new LabeledImages(Height, Width, pixels, labels, sources, ClassNames);
    }

    /// <summary>Positions of the images whose label is <paramref name="label"/>, ascending.</summary>
    public int[] PositionsOf(int label)
    {
        var positions = new List<int>();
        for (int i = 0; i < Labels.Length; i++)
            if (Labels[i] == label) positions.Add(i);
        return [.. positions];
    }
}
