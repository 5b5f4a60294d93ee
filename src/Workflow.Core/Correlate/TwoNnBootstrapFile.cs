using Workflow.Core.IO;

namespace Workflow.Core.Correlate;

/// <summary>
/// <c>twonn_bootstrap.npy</c>: float64 [rows of twonn.csv × B], row r holding the B bootstrap estimates of twonn.csv's
/// r-th row in drawing order (NaN where a resample had no estimate, a whole row of NaN where the row has none).
/// Resample b draws the same positions for every point set of one size (<see cref="TwoNn.TwoNnInterval.Estimates"/>),
/// so column b of two models' rows for one class are estimates on the same resampled images.
/// </summary>
public static class TwoNnBootstrapFile
{
    /// <summary>Writes the estimates of each row (a shorter or empty list is padded with NaN).</summary>
    public static void Write(Stream stream, IReadOnlyList<IReadOnlyList<double>> rows, int resamples)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new double[(long)rows.Count * resamples];
        Array.Fill(values, double.NaN);
        for (int r = 0; r < rows.Count; r++)
            for (int b = 0; b < Math.Min(resamples, rows[r].Count); b++)
                values[(long)r * resamples + b] = rows[r][b];
        NpyFile.WriteMatrix(stream, values, rows.Count, resamples);
    }

    /// <summary>Per resample b, twonn.csv's rows with their Id replaced by resample b's estimate.</summary>
    /// <exception cref="InvalidDataException">The file does not have one row per twonn.csv row.</exception>
    public static IReadOnlyList<IReadOnlyList<TwoNnRow>> Resampled(string path, IReadOnlyList<TwoNnRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (values, count, resamples) = NpyFile.ReadMatrix64(path);
        if (count != rows.Count)
            throw new InvalidDataException($"{path} has {count} rows but twonn.csv has {rows.Count}: the two files are from different runs. " +
                                           "What to do: rerun the TwoNN stage (--force=TwoNN).");
        return Enumerable.Range(0, resamples)
            .Select(b => (IReadOnlyList<TwoNnRow>)rows.Select((row, r) => row with { Id = values[(long)r * resamples + b] }).ToArray())
            .ToArray();
    }
}
