namespace Workflow.Torch.Preprocessing;

/// <summary>Pillow's resampling filters by their <c>PIL.Image.Resampling</c> numbers (what <c>resample</c> holds).</summary>
public enum PillowFilter
{
    Nearest = 0,
    Lanczos = 1,
    Bilinear = 2,
    Bicubic = 3,
    Box = 4,
    Hamming = 5,
}

/// <summary>
/// An exact port of Pillow's 8-bit convolution resize (<c>src/libImaging/Resample.c</c>, Pillow 9.4:
/// <c>precompute_coeffs</c>, <c>normalize_coeffs_8bpc</c>, <c>ImagingResampleHorizontal_8bpc</c>,
/// <c>ImagingResampleVertical_8bpc</c>), which is what transformers' image processors call through
/// <c>PIL.Image.resize</c>. What makes it exact: two separable passes, horizontal first, with the intermediate image
/// rounded and clipped to uint8; weights normalised to sum 1 in double, then stored as integers with 22 fractional
/// bits; each sum starts at 2^21 (round half up) and is shifted right by 22 and clipped; the filter is cut at the image
/// edge and the remaining weights renormalised (no padding); the support widens by the scale when shrinking.
/// Do not "simplify" to float maths or a single rounding: that is off by one or more grey levels in thousands of
/// pixels (design.md §6 has the measurements).
/// </summary>
public static class PillowResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes an RGB image stored row-major as H×W×3 bytes.</summary>
    public static byte[] ResizeRgb(ReadOnlySpan<byte> image, int height, int width, int outHeight, int outWidth, PillowFilter filter)
    {
        if (image.Length != height * width * 3)
            throw new ArgumentException($"Expected {height}×{width}×3 = {height * width * 3} bytes, got {image.Length}.", nameof(image));
        if (outHeight <= 0 || outWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(outHeight), $"Target size {outHeight}×{outWidth} must be positive.");
        if (filter == PillowFilter.Nearest)
            throw new NotSupportedException("resample = 0 (nearest) is not supported; use 2 (bilinear) or 3 (bicubic).");

        // ImagingResampleInner: a pass runs only when that dimension changes (the default box is the whole image).
        bool horizontal = outWidth != width;
        bool vertical = outHeight != height;
        byte[] current = image.ToArray();
        if (horizontal)
        {
            var (bounds, weights, kernel) = Coefficients(width, outWidth, filter);
            current = Horizontal(current, height, width, outWidth, bounds, weights, kernel);
        }
        if (vertical)
        {
            var (bounds, weights, kernel) = Coefficients(height, outHeight, filter);
            current = Vertical(current, outWidth, outHeight, bounds, weights, kernel);
        }
        return current;
    }

    /// <summary>
    /// Mirrors <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c>: for each output index, the first input index,
    /// the number of taps, and <paramref name="kernel"/> fixed-point weights.
    /// </summary>
    internal static (int[] Bounds, int[] Weights, int Kernel) Coefficients(int inSize, int outSize, PillowFilter filter)
    {
        var (support0, function) = Filter(filter);
        double scale = (double)inSize / outSize;
        double filterScale = scale < 1.0 ? 1.0 : scale;
        double support = support0 * filterScale;
        int kernel = (int)Math.Ceiling(support) * 2 + 1;

        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kernel];
        var k = new double[kernel];
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale;
            double sum = 0.0;
            double ss = 1.0 / filterScale;
            int xmin = (int)(center - support + 0.5); // C cast: truncation toward zero, as in Pillow
            if (xmin < 0) xmin = 0;
            int xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            for (int x = 0; x < xmax; x++)
            {
                double w = function((x + xmin - center + 0.5) * ss);
                k[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++)
            {
                if (sum != 0.0) k[x] /= sum;
                double scaled = k[x] * (1 << PrecisionBits);
                weights[xx * kernel + x] = k[x] < 0 ? (int)(-0.5 + scaled) : (int)(0.5 + scaled);
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return (bounds, weights, kernel);
    }

    private static byte[] Horizontal(byte[] input, int height, int width, int outWidth, int[] bounds, int[] weights, int kernel)
    {
        var output = new byte[height * outWidth * 3];
        Parallel.For(0, height, y =>
        {
            int rowIn = y * width * 3, rowOut = y * outWidth * 3;
            for (int xx = 0; xx < outWidth; xx++)
            {
                int xmin = bounds[xx * 2], xmax = bounds[xx * 2 + 1], k = xx * kernel;
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (int x = 0; x < xmax; x++)
                {
                    int p = rowIn + (x + xmin) * 3, w = weights[k + x];
                    s0 += input[p] * w;
                    s1 += input[p + 1] * w;
                    s2 += input[p + 2] * w;
                }
                output[rowOut + xx * 3] = Clip8(s0);
                output[rowOut + xx * 3 + 1] = Clip8(s1);
                output[rowOut + xx * 3 + 2] = Clip8(s2);
            }
        });
        return output;
    }

    private static byte[] Vertical(byte[] input, int width, int outHeight, int[] bounds, int[] weights, int kernel)
    {
        var output = new byte[outHeight * width * 3];
        int stride = width * 3;
        Parallel.For(0, outHeight, yy =>
        {
            int ymin = bounds[yy * 2], ymax = bounds[yy * 2 + 1], k = yy * kernel, rowOut = yy * stride;
            for (int i = 0; i < stride; i++)
            {
                int s = 1 << (PrecisionBits - 1);
                for (int y = 0; y < ymax; y++) s += input[(y + ymin) * stride + i] * weights[k + y];
                output[rowOut + i] = Clip8(s);
            }
        });
        return output;
    }

    /// <summary>Mirrors <c>clip8</c>: arithmetic shift by 22 bits, clamped to 0..255.</summary>
    private static byte Clip8(int value)
    {
        int shifted = value >> PrecisionBits;
        return shifted < 0 ? (byte)0 : shifted > 255 ? (byte)255 : (byte)shifted;
    }

    /// <summary>The filters of Resample.c with their support radius.</summary>
    private static (double Support, Func<double, double> Function) Filter(PillowFilter filter) => filter switch
    {
        PillowFilter.Box => (0.5, x => x > -0.5 && x <= 0.5 ? 1.0 : 0.0),
        PillowFilter.Bilinear => (1.0, x =>
        {
            if (x < 0.0) x = -x;
            return x < 1.0 ? 1.0 - x : 0.0;
        }),
        PillowFilter.Hamming => (1.0, x =>
        {
            if (x < 0.0) x = -x;
            if (x == 0.0) return 1.0;
            if (x >= 1.0) return 0.0;
            x *= Math.PI;
            return Math.Sin(x) / x * (0.54 + 0.46 * Math.Cos(x));
        }),
        PillowFilter.Bicubic => (2.0, Bicubic),
        PillowFilter.Lanczos => (3.0, x => -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3.0) : 0.0),
        _ => throw new NotSupportedException($"Pillow filter {filter} has no convolution kernel."),
    };

    /// <summary>Cubic convolution with a = −0.5 (Pillow's choice; PyTorch and OpenCV use −0.75).</summary>
    private static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    private static double Sinc(double x)
    {
        if (x == 0.0) return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }
}
