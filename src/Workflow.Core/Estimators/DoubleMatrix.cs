using Workflow.Core.TwoNn;

namespace Workflow.Core.Estimators;

/// <summary>A row-major float64 matrix (rows = points or images, columns = features), shared, not copied.</summary>
/// <param name="Values">Row after row.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record DoubleMatrix(double[] Values, int Rows, int Columns)
{
    /// <summary>Row <paramref name="row"/>.</summary>
    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>The float32 points widened to float64.</summary>
    public static DoubleMatrix FromPoints(PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var values = new double[points.Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = points.Values[i];
        return new DoubleMatrix(values, points.Rows, points.Columns);
    }

    /// <summary>Checks that the length matches the shape.</summary>
    public DoubleMatrix Validated()
    {
        if (Values is null || (long)Rows * Columns != Values.LongLength)
            throw new ArgumentException($"A {Rows} x {Columns} matrix needs {(long)Rows * Columns} values, got {Values?.LongLength}.");
        return this;
    }
}
