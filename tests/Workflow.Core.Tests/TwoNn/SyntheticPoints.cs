using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.TwoNn;

/// <summary>Seeded point clouds of known intrinsic dimension, embedded by a random rotation.</summary>
internal static class SyntheticPoints
{
    /// <summary>N points uniform in [0,1]^d, zero-padded to D and rotated by a random orthogonal matrix.</summary>
    public static PointMatrix Hypercube(int n, int d, int embedding, int seed)
    {
        var random = new Random(seed);
        var intrinsic = new double[n * d];
        for (int i = 0; i < intrinsic.Length; i++) intrinsic[i] = random.NextDouble();
        return Embed(intrinsic, n, d, embedding, random);
    }

    /// <summary>N points uniform on the unit sphere S^d ⊂ R^(d+1) (normalised Gaussians), padded to D and rotated.</summary>
    public static PointMatrix Sphere(int n, int d, int embedding, int seed)
    {
        var random = new Random(seed);
        int ambient = d + 1;
        var intrinsic = new double[n * ambient];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int k = 0; k < ambient; k++)
            {
                double g = Gaussian(random);
                intrinsic[i * ambient + k] = g;
                norm += g * g;
            }
            norm = Math.Sqrt(norm);
            for (int k = 0; k < ambient; k++) intrinsic[i * ambient + k] /= norm;
        }
        return Embed(intrinsic, n, ambient, embedding, random);
    }

    /// <summary>Standard-normal points (seeded).</summary>
    public static PointMatrix Gaussian(int n, int d, int seed, double offset = 0)
    {
        var random = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(offset + Gaussian(random));
        return new PointMatrix(values, n, d);
    }

    /// <summary>A random orthogonal D × D matrix (Gram–Schmidt on Gaussian columns), row-major.</summary>
    public static double[] RandomRotation(int dimension, Random random)
    {
        var q = new double[dimension * dimension];
        for (int i = 0; i < q.Length; i++) q[i] = Gaussian(random);
        for (int c = 0; c < dimension; c++)
        {
            for (int p = 0; p < c; p++)
            {
                double dot = 0;
                for (int r = 0; r < dimension; r++) dot += q[r * dimension + c] * q[r * dimension + p];
                for (int r = 0; r < dimension; r++) q[r * dimension + c] -= dot * q[r * dimension + p];
            }
            double norm = 0;
            for (int r = 0; r < dimension; r++) norm += q[r * dimension + c] * q[r * dimension + c];
            norm = Math.Sqrt(norm);
            for (int r = 0; r < dimension; r++) q[r * dimension + c] /= norm;
        }
        return q;
    }

    /// <summary>y = Q·x (+ offset) for every row x, in float64, rounded to float32 at the end.</summary>
    public static PointMatrix Transform(PointMatrix points, double[] rotation, double scale = 1, double offset = 0)
    {
        int d = points.Columns;
        var values = new double[points.Values.Length];
        for (int i = 0; i < points.Rows; i++)
        {
            ReadOnlySpan<float> x = points.Row(i);
            for (int r = 0; r < d; r++)
            {
                double s = 0;
                for (int c = 0; c < d; c++) s += rotation[r * d + c] * x[c];
                values[i * d + r] = scale * s + offset;
            }
        }
        return PointMatrix.FromDoubles(values, points.Rows, d);
    }

    private static PointMatrix Embed(double[] intrinsic, int n, int d, int embedding, Random random)
    {
        double[] q = RandomRotation(embedding, random);
        var values = new double[n * embedding];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < embedding; r++)
            {
                double s = 0;
                for (int c = 0; c < d; c++) s += q[r * embedding + c] * intrinsic[i * d + c];
                values[i * embedding + r] = s;
            }
        return PointMatrix.FromDoubles(values, n, embedding);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
