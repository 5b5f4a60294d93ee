namespace Workflow.Core.Data;

/// <summary>
/// A transparent coloured sheet for the calibration images: a smooth random texture
/// T(u) = Σₘ wₘ cos(2π fₘ·u + bₘ) (M sinusoids, |fₘ| in a band well below the pixel Nyquist frequency, colour
/// weights wₘ ∈ ℝ³), which can slide (x, y), rotate and zoom about the image centre. Being a finite sum of
/// sinusoids it is smooth in every factor, never repeats within the ranges used, and is rendered exactly
/// box-filtered over each pixel (each sinusoid is multiplied by sinc(π gₓ)·sinc(π g_y)), i.e. anti-aliased.
/// </summary>
internal sealed class TextureSheet
{
    /// <summary>Frequency band of the sinusoids, cycles per pixel (periods 5.6 to 16.7 px).</summary>
    public const double MinFrequency = 0.06, MaxFrequency = 0.18;

    private readonly double[] _fx, _fy, _phase, _r, _g, _b;

    private TextureSheet(double[] fx, double[] fy, double[] phase, double[] r, double[] g, double[] b)
    {
        (_fx, _fy, _phase, _r, _g, _b) = (fx, fy, phase, r, g, b);
    }

    /// <summary>A random sheet with <paramref name="waves"/> sinusoids whose per-channel standard deviation is
    /// <paramref name="channelStd"/> grey levels; <paramref name="hue"/> (radians) sets its dominant colour.</summary>
    public static TextureSheet Create(DeterministicRandom random, int waves, double channelStd, double hue)
    {
        var fx = new double[waves]; var fy = new double[waves]; var phase = new double[waves];
        var r = new double[waves]; var g = new double[waves]; var b = new double[waves];
        (double cr, double cg, double cb) = HueToRgb(hue);
        for (int m = 0; m < waves; m++)
        {
            double frequency = random.NextDouble(MinFrequency, MaxFrequency);
            (double s, double c) = DeterministicTrig.SinCos(random.NextDouble(0, Math.PI));
            fx[m] = frequency * c;
            fy[m] = frequency * s;
            phase[m] = random.NextDouble(0, 2 * Math.PI);
            double amplitude = random.NextDouble(0.5, 1.0);
            r[m] = amplitude * (cr + random.NextDouble(-0.35, 0.35));
            g[m] = amplitude * (cg + random.NextDouble(-0.35, 0.35));
            b[m] = amplitude * (cb + random.NextDouble(-0.35, 0.35));
        }
        // Scale so that each channel's variance Σ wₘ²/2 equals channelStd² (sinusoids with distinct frequencies are uncorrelated).
        Normalise(r, channelStd); Normalise(g, channelStd); Normalise(b, channelStd);
        return new TextureSheet(fx, fy, phase, r, g, b);
    }

    /// <summary>Adds the sheet, slid by (<paramref name="shiftX"/>, <paramref name="shiftY"/>) px, rotated by
    /// <paramref name="rotation"/> rad and zoomed by exp(<paramref name="logZoom"/>) about the centre, to the HWC
    /// accumulator <paramref name="rgb"/> of a <paramref name="side"/>×<paramref name="side"/> image.</summary>
    public void AddTo(Span<double> rgb, int side, double shiftX, double shiftY, double rotation, double logZoom)
    {
        double centre = (side - 1) / 2.0;
        (double sinT, double cosT) = DeterministicTrig.SinCos(rotation);
        double zoom = Math.Exp(logZoom);
        Span<double> exRe = stackalloc double[side], exIm = stackalloc double[side];
        Span<double> ayRe = stackalloc double[side], ayIm = stackalloc double[side];
        for (int m = 0; m < _fx.Length; m++)
        {
            // Pixel p shows sheet point u = R(−θ)(p − c)/zoom + c − shift, so fₘ·u = gₘ·(p − c) + fₘ·(c − shift)
            // with the effective frequency gₘ = R(θ) fₘ / zoom.
            double gx = (cosT * _fx[m] - sinT * _fy[m]) * zoom;
            double gy = (sinT * _fx[m] + cosT * _fy[m]) * zoom;
            double offset = _phase[m] + 2 * Math.PI * (_fx[m] * (centre - shiftX) + _fy[m] * (centre - shiftY)) - 2 * Math.PI * (gx * centre + gy * centre);
            double boxFilter = Sinc(gx) * Sinc(gy);
            (double so, double co) = DeterministicTrig.SinCos(offset);
            for (int i = 0; i < side; i++)
            {
                (double sx, double cx) = DeterministicTrig.SinCos(2 * Math.PI * gx * i);
                exRe[i] = cx; exIm[i] = sx;
                (double sy, double cy) = DeterministicTrig.SinCos(2 * Math.PI * gy * i);
                ayRe[i] = boxFilter * (co * cy - so * sy);
                ayIm[i] = boxFilter * (co * sy + so * cy);
            }
            double wr = _r[m], wg = _g[m], wb = _b[m];
            for (int y = 0; y < side; y++)
            {
                double are = ayRe[y], aim = ayIm[y];
                int row = y * side * 3;
                for (int x = 0; x < side; x++)
                {
                    double v = are * exRe[x] - aim * exIm[x]; // Re(e^{i(offset + 2π gy y)} · e^{i 2π gx x})
                    int at = row + 3 * x;
                    rgb[at] += wr * v;
                    rgb[at + 1] += wg * v;
                    rgb[at + 2] += wb * v;
                }
            }
        }
    }

    private static double Sinc(double cyclesPerPixel)
    {
        double x = Math.PI * cyclesPerPixel;
        return Math.Abs(x) < 1e-12 ? 1 : DeterministicTrig.SinCos(x).Sin / x;
    }

    private static void Normalise(double[] weights, double channelStd)
    {
        double variance = 0;
        foreach (double w in weights) variance += w * w / 2;
        double scale = channelStd / Math.Sqrt(variance);
        for (int i = 0; i < weights.Length; i++) weights[i] *= scale;
    }

    private static (double R, double G, double B) HueToRgb(double hue)
    {
        // A unit colour direction: the three channels 120° apart around the hue circle.
        double r = DeterministicTrig.SinCos(hue).Cos;
        double g = DeterministicTrig.SinCos(hue - 2 * Math.PI / 3).Cos;
        double b = DeterministicTrig.SinCos(hue + 2 * Math.PI / 3).Cos;
        return (0.6 + 0.4 * r, 0.6 + 0.4 * g, 0.6 + 0.4 * b);
    }
}
