using Workflow.Core.Images;
using Workflow.Core.IO;

namespace Workflow.Core.Data.Images;

/// <summary>
/// The Data stage's images as the later stages read them. Images of one size are stored as today: one N×H×W×3 uint8
/// <c>.npy</c> (numpy's layout; CIFAR and the calibration set). Images of different sizes — a folder of photos — are
/// stored without resizing (each model's own processor resizes, as transformers does with the Pillow image): the same
/// <c>.npy</c> then holds the images' H×W×3 bytes one after the other as a 1-D array, and a second file holds each
/// image's size (N×2 int32: height, width). <c>np.split(flat, np.cumsum(h*w*3)[:-1])</c> recovers them in numpy.
/// </summary>
public sealed class ImageArrays
{
    private readonly long[] _offsets;

    private ImageArrays(byte[] pixels, int[] heights, int[] widths)
    {
        Pixels = pixels;
        Heights = heights;
        Widths = widths;
        _offsets = new long[heights.Length + 1];
        for (int i = 0; i < heights.Length; i++) _offsets[i + 1] = _offsets[i] + (long)heights[i] * widths[i] * 3;
        if (_offsets[^1] != pixels.LongLength)
            throw new InvalidDataException($"The image sizes need {_offsets[^1]} bytes, the pixel array holds {pixels.LongLength}; rerun the Data stage with --force.");
    }

    /// <summary>All pixel bytes, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>Height of each image.</summary>
    public int[] Heights { get; }

    /// <summary>Width of each image.</summary>
    public int[] Widths { get; }

    /// <summary>Number of images.</summary>
    public int Count => Heights.Length;

    /// <summary>True when every image has the same size (then <see cref="Pixels"/> is N×H×W×3).</summary>
    public bool Uniform => Count == 0 || (Heights.All(h => h == Heights[0]) && Widths.All(w => w == Widths[0]));

    /// <summary>The H×W×3 bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(checked((int)_offsets[index]), checked((int)(_offsets[index + 1] - _offsets[index])));

    /// <summary>Image <paramref name="index"/> as an <see cref="RgbImage"/> (a copy).</summary>
    public RgbImage Rgb(int index) => new(Heights[index], Widths[index], Image(index).ToArray());

    /// <summary>Images of one size.</summary>
    public static ImageArrays FromUniform(byte[] pixels, int count, int height, int width) =>
        new(pixels, Enumerable.Repeat(height, count).ToArray(), Enumerable.Repeat(width, count).ToArray());

    /// <summary>Concatenates decoded images.</summary>
    public static ImageArrays FromImages(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var pixels = new byte[images.Sum(i => (long)i.ByteCount)];
        long at = 0;
        foreach (RgbImage image in images)
        {
            image.Pixels.CopyTo(pixels, at);
            at += image.ByteCount;
        }
        return new ImageArrays(pixels, images.Select(i => i.Height).ToArray(), images.Select(i => i.Width).ToArray());
    }

    /// <summary>
    /// Writes <paramref name="imagesPath"/> (N×H×W×3 when uniform, else 1-D) and, for mixed sizes, <paramref name="sizesPath"/>.
    /// Returns the files written.
    /// </summary>
    public IReadOnlyList<string> Write(string imagesPath, string sizesPath, Action<string, Action<string>> writeAtomically)
    {
        ArgumentNullException.ThrowIfNull(writeAtomically);
        if (Uniform)
        {
            int h = Count == 0 ? 1 : Heights[0], w = Count == 0 ? 1 : Widths[0];
            writeAtomically(imagesPath, p => NpyFile.WriteUInt8(p, Pixels, [Count, h, w, 3]));
            return [imagesPath];
        }
        writeAtomically(imagesPath, p => NpyFile.WriteUInt8(p, Pixels, [Pixels.LongLength]));
        var sizes = new int[Count * 2];
        for (int i = 0; i < Count; i++)
        {
            sizes[2 * i] = Heights[i];
            sizes[2 * i + 1] = Widths[i];
        }
        writeAtomically(sizesPath, p => NpyFile.WriteInt32(p, sizes, [Count, 2]));
        return [imagesPath, sizesPath];
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="sizesPath"/> is read only when the images file is 1-D.</summary>
    /// <exception cref="InvalidDataException">Shapes that do not fit together.</exception>
    public static ImageArrays Read(string imagesPath, string sizesPath)
    {
        var (pixels, shape) = NpyFile.ReadUInt8(imagesPath);
        if (shape.Count == 4 && shape[3] == 3) return FromUniform(pixels, (int)shape[0], (int)shape[1], (int)shape[2]);
        if (shape.Count != 1)
            throw new InvalidDataException($"{imagesPath}: expected N×H×W×3 images or a 1-D array of images of different sizes, found shape ({string.Join(", ", shape)}); rerun the Data stage with --force.");
        if (!File.Exists(sizesPath))
            throw new InvalidDataException($"{imagesPath} holds images of different sizes but {sizesPath} is missing; rerun the Data stage with --force.");
        var (sizes, sizeShape) = NpyFile.ReadInt32(sizesPath);
        if (sizeShape.Count != 2 || sizeShape[1] != 2)
            throw new InvalidDataException($"{sizesPath}: expected N×2 image sizes, found shape ({string.Join(", ", sizeShape)}).");
        int n = (int)sizeShape[0];
        return new ImageArrays(pixels, Enumerable.Range(0, n).Select(i => sizes[2 * i]).ToArray(), Enumerable.Range(0, n).Select(i => sizes[2 * i + 1]).ToArray());
    }
}
