using static TorchSharp.torch;

namespace Workflow.Torch.Preprocessing;

/// <summary>
/// ViTImageProcessor / BeitImageProcessor <c>preprocess</c> for uint8 RGB images: PIL resize (exact, see
/// <see cref="PillowResize"/>), optional centre crop, rescale (uint8 → float64 × factor → float32, as
/// <c>transformers.image_transforms.rescale</c>), normalise in float32 (<c>(x − mean) / std</c> with float32 mean and
/// std, as <c>normalize</c>), HWC → CHW.
/// </summary>
public sealed class ImageProcessor(ImageProcessorConfig config)
{
    /// <summary>The configuration this processor follows.</summary>
    public ImageProcessorConfig Config { get; } = config;

    /// <summary>
    /// Processes <paramref name="n"/> images stored as N×H×W×3 bytes (row-major, RGB) into an N×3×H'×W' float32 CPU tensor.
    /// </summary>
    public Tensor Preprocess(byte[] imagesNhwc, int n, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(imagesNhwc);
        if (n < 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(n), $"Invalid batch {n}×{height}×{width}×3.");
        long expected = (long)n * height * width * 3;
        if (imagesNhwc.Length != expected)
            throw new ArgumentException($"Expected {n}×{height}×{width}×3 = {expected} bytes of RGB images, got {imagesNhwc.Length}.", nameof(imagesNhwc));

        var (outH, outW) = OutputSize(height, width);
        int plane = outH * outW;
        var values = new float[(long)n * 3 * plane];
        Parallel.For(0, n, i =>
        {
            var image = new ReadOnlySpan<byte>(imagesNhwc, i * height * width * 3, height * width * 3);
            byte[] processed = Geometry(image, height, width);
            Normalise(processed, values.AsSpan(i * 3 * plane, 3 * plane), plane);
        });
        return tensor(values, [n, 3, outH, outW]);
    }

    /// <summary>
    /// Processes images of different sizes (each H×W×3 bytes, row-major RGB) into one N×3×H'×W' float32 CPU tensor: each is
    /// resized from its own size, as transformers does for a list of Pillow images. The processor must make the sizes
    /// equal (resize or centre crop); otherwise the images cannot be stacked, as in transformers.
    /// </summary>
    public Tensor Preprocess(IReadOnlyList<(byte[] Pixels, int Height, int Width)> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("No images to process.", nameof(images));
        var (outH, outW) = OutputSize(images[0].Height, images[0].Width);
        foreach (var (pixels, h, w) in images)
        {
            if (pixels.Length != h * w * 3)
                throw new ArgumentException($"Expected {h}×{w}×3 = {h * w * 3} bytes for an image, got {pixels.Length}.", nameof(images));
            if (OutputSize(h, w) != (outH, outW))
                throw new ArgumentException($"The processor neither resizes nor crops (do_resize and do_center_crop are off), so images of {images[0].Height}×{images[0].Width} " +
                                            $"and {h}×{w} cannot be batched. What to do: use images of one size.", nameof(images));
        }
        int plane = outH * outW;
        var values = new float[(long)images.Count * 3 * plane];
        Parallel.For(0, images.Count, i =>
        {
            var (pixels, h, w) = images[i];
            Normalise(Geometry(pixels, h, w), values.AsSpan(i * 3 * plane, 3 * plane), plane);
        });
        return tensor(values, [images.Count, 3, outH, outW]);
    }

    /// <summary>Output height × width for inputs of the given size.</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        if (Config.CropPct is not null) return ConvNextResize.OutputSize(Config, height, width);
        var (h, w) = Config.DoResize ? ShortestEdgeResize.Target(Config, height, width) : (height, width);
        return Config.DoCenterCrop ? (Config.CropHeight, Config.CropWidth) : (h, w);
    }

    /// <summary>Resize then centre crop, both on uint8 HWC (the order of BeitImageProcessor.preprocess).</summary>
    private byte[] Geometry(ReadOnlySpan<byte> image, int height, int width)
    {
        if (Config.CropPct is not null) return ConvNextResize.Apply(image.ToArray(), height, width, Config);
        byte[] current = image.ToArray();
        int h = height, w = width;
        if (Config.DoResize)
        {
            var (targetH, targetW) = ShortestEdgeResize.Target(Config, h, w);
            current = PillowResize.ResizeRgb(current, h, w, targetH, targetW, Config.Resample);
            (h, w) = (targetH, targetW);
        }
        if (Config.DoCenterCrop) current = CenterCrop(current, h, w, Config.CropHeight, Config.CropWidth);
        return current;
    }

    /// <summary>
    /// Mirrors <c>transformers.image_transforms.center_crop</c>: top = (H − h) // 2, left = (W − w) // 2; an image smaller
    /// than the crop is first padded with zeros, centred (the pad before is the ceiling of half the difference).
    /// </summary>
    internal static byte[] CenterCrop(byte[] image, int height, int width, int cropHeight, int cropWidth)
    {
        int top = FloorDiv(height - cropHeight, 2), left = FloorDiv(width - cropWidth, 2);
        int padTop = 0, padLeft = 0;
        if (top < 0 || left < 0 || top + cropHeight > height || left + cropWidth > width)
        {
            int newH = Math.Max(cropHeight, height), newW = Math.Max(cropWidth, width);
            padTop = (newH - height + 1) / 2;
            padLeft = (newW - width + 1) / 2;
            top += padTop;
            left += padLeft;
            top = Math.Max(top, 0);
            left = Math.Max(left, 0);
        }
        var result = new byte[cropHeight * cropWidth * 3];
        for (int y = 0; y < cropHeight; y++)
        {
            int sourceY = top + y - padTop;
            if (sourceY < 0 || sourceY >= height) continue;
            for (int x = 0; x < cropWidth; x++)
            {
                int sourceX = left + x - padLeft;
                if (sourceX < 0 || sourceX >= width) continue;
                Array.Copy(image, (sourceY * width + sourceX) * 3, result, (y * cropWidth + x) * 3, 3);
            }
        }
        return result;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    /// <summary>Rescale in float64 then round to float32; normalise in float32; write CHW.</summary>
    private void Normalise(byte[] hwc, Span<float> chw, int plane)
    {
        Span<float> mean = stackalloc float[3];
        Span<float> std = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            mean[c] = (float)Config.ImageMean[c];
            std[c] = (float)Config.ImageStd[c];
        }
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                byte raw = hwc[p * 3 + c];
                float x = Config.DoRescale ? (float)(raw * Config.RescaleFactor) : raw;
                if (Config.DoNormalize) x = (x - mean[c]) / std[c];
                chw[c * plane + p] = x;
            }
        }
    }
}
