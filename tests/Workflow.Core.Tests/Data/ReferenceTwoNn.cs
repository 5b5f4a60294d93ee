using System.Numerics;

namespace Workflow.Core.Tests.Data;

/// <summary>
/// TEST REFERENCE ONLY — a minimal exact TwoNN (Facco et al., Sci. Rep. 7:12140, 2017), kept private to the tests
/// until the production estimator (<c>Workflow.Core.TwoNn</c>) lands: brute-force Euclidean distances, μ = r₂/r₁,
/// points with r₁ = 0 dropped, μ sorted ascending, F_i = i/N, the first ⌊0.9 N⌋ kept, and d = the least-squares
/// slope through the origin of −log(1 − F) on log μ.
/// </summary>
internal static class ReferenceTwoNn
{
    /// <summary>ID of the rows of <paramref name="points"/> (n × dim, row-major).</summary>
    public static double Fit(float[] points, int dim, double discardFraction = 0.1)
    {
        int n = points.Length / dim;
        var mu = new List<double>(n);
        var r1 = new double[n];
        var r2 = new double[n];
        Array.Fill(r1, double.PositiveInfinity);
        Array.Fill(r2, double.PositiveInfinity);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> a = points.AsSpan(i * dim, dim);
            for (int j = i + 1; j < n; j++)
            {
                double d2 = SquaredDistance(a, points.AsSpan(j * dim, dim));
                Insert(ref r1[i], ref r2[i], d2);
                Insert(ref r1[j], ref r2[j], d2);
            }
        }
        for (int i = 0; i < n; i++)
            if (r1[i] > 0) mu.Add(Math.Sqrt(r2[i] / r1[i]));
        mu.Sort();
        int m = mu.Count;
        int keep = (int)Math.Floor((1 - discardFraction) * m);
        double sxy = 0, sxx = 0;
        for (int i = 0; i < keep; i++)
        {
            double x = Math.Log(mu[i]);
            double y = -Math.Log(1 - (i + 1) / (double)m);
            sxy += x * y;
            sxx += x * x;
        }
        return sxy / sxx;
    }

    /// <summary>ID of the rows of a jagged double array (e.g. latent vectors).</summary>
    public static double Fit(double[][] rows) =>
        Fit(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), rows[0].Length);

    private static void Insert(ref double first, ref double second, double value)
    {
        if (value < first) { second = first; first = value; }
        else if (value < second) second = value;
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var d = new Vector<float>(a[i..]) - new Vector<float>(b[i..]);
            sum += d * d;
        }
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += (a[i] - b[i]) * (a[i] - b[i]);
        return total;
    }
}
