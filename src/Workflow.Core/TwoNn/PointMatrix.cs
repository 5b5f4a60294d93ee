namespace Workflow.Core.TwoNn;

/// <summary>
/// A row-major float32 matrix: one point per row (<see cref="Rows"/> points of dimension <see cref="Columns"/>).
/// The storage is shared, not copied; treat it as read-only once handed to an estimator.
/// </summary>
public sealed class PointMatrix
{
    /// <summary>Wraps <paramref name="values"/> (length <paramref name="rows"/> × <paramref name="columns"/>).</summary>
    /// <exception cref="ArgumentException">The length does not match the shape.</exception>
    public PointMatrix(float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != values.LongLength)
            throw new ArgumentException(
                $"A {rows} x {columns} matrix needs {(long)rows * columns} values, but {values.LongLength} were given.",
                nameof(values));
        Values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The values, row after row.</summary>
    public float[] Values { get; }

    /// <summary>Number of points.</summary>
    public int Rows { get; }

    /// <summary>Dimension of each point.</summary>
    public int Columns { get; }

    /// <summary>The coordinates of point <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>A new matrix holding the given rows, in the given order.</summary>
    public PointMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new float[(long)rows.Count * Columns];
        for (int i = 0; i < rows.Count; i++)
            Row(rows[i]).CopyTo(values.AsSpan(i * Columns, Columns));
        return new PointMatrix(values, rows.Count, Columns);
    }

    /// <summary>Builds a matrix from float64 values, rounding each to float32.</summary>
    public static PointMatrix FromDoubles(ReadOnlySpan<double> values, int rows, int columns)
    {
        var narrowed = new float[values.Length];
        for (int i = 0; i < values.Length; i++) narrowed[i] = (float)values[i];
        return new PointMatrix(narrowed, rows, columns);
    }
}
