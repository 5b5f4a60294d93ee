namespace Workflow.Core.Data;

/// <summary>
/// Sine and cosine from plain IEEE-754 additions and multiplications (range reduction + Taylor polynomials), so
/// generated images are the same bytes on every machine; <see cref="Math.Sin"/> defers to the platform's C library,
/// which may differ in the last bit. Accurate to about 1e-15 for |x| below 1e6, plenty for 8-bit images.
/// </summary>
internal static class DeterministicTrig
{
    private const double TwoPi = 6.283185307179586476925286766559;
    private const double HalfPi = 1.5707963267948966192313216916398;

    /// <summary>(sin x, cos x).</summary>
    public static (double Sin, double Cos) SinCos(double x)
    {
        // Reduce to [-π, π], then to [-π/2, π/2] with sin(π − r) = sin r, cos(π − r) = −cos r.
        double r = x - Math.Round(x / TwoPi) * TwoPi;
        double sign = 1;
        if (r > HalfPi) { r = Math.PI - r; sign = -1; }
        else if (r < -HalfPi) { r = -Math.PI - r; sign = -1; }
        double r2 = r * r;
        // Taylor series to degree 21/22: the remainder at |r| = π/2 is below 1e-16.
        double sin = r * (1 - r2 / 6 * (1 - r2 / 20 * (1 - r2 / 42 * (1 - r2 / 72 * (1 - r2 / 110 * (1 - r2 / 156 * (1 - r2 / 210 * (1 - r2 / 272 * (1 - r2 / 342 * (1 - r2 / 420))))))))));
        double cos = 1 - r2 / 2 * (1 - r2 / 12 * (1 - r2 / 30 * (1 - r2 / 56 * (1 - r2 / 90 * (1 - r2 / 132 * (1 - r2 / 182 * (1 - r2 / 240 * (1 - r2 / 306 * (1 - r2 / 380 * (1 - r2 / 462))))))))));
        return (sin, sign * cos);
    }
}
