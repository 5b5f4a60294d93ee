using Parquet;
using Parquet.Schema;

namespace Workflow.Core.Correlate;

/// <summary>
/// <c>twonn.parquet</c>: the rows of <c>twonn.csv</c> as typed Parquet columns (for pandas, pyarrow, DuckDB).
/// Missing numbers (no estimate, no bootstrap) are nulls; <c>note</c> says why a row has no estimate.
/// </summary>
public static class TwoNnParquet
{
    /// <summary>Writes <paramref name="rows"/> (with optional notes by row index) as one row group.</summary>
    public static void Write(Stream stream, IReadOnlyList<TwoNnRow> rows, IReadOnlyDictionary<int, string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rows);
        var model = new DataField<string>("model");
        var layer = new DataField<int>("layer");
        var depth = new DataField<double>("depth");
        var cls = new DataField<string>("class");
        var className = new DataField<string>("class_name");
        var estimator = new DataField<string>("estimator");
        var id = new DataField<double?>("id");
        var n = new DataField<int>("n");
        var nUsed = new DataField<int>("n_used");
        var duplicates = new DataField<int>("duplicates");
        var ciLow = new DataField<double?>("ci_low");
        var ciHigh = new DataField<double?>("ci_high");
        var r2 = new DataField<double?>("r2");
        var note = new DataField<string>("note");
        var schema = new ParquetSchema(model, layer, depth, cls, className, estimator, id, n, nUsed, duplicates, ciLow, ciHigh, r2, note);

        ParquetWriter writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        try
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            void Strings(DataField field, Func<TwoNnRow, int, string> value) =>
                group.WriteAsync(field, rows.Select((r, i) => value(r, i)).ToArray(), null).GetAwaiter().GetResult();
            void Values<T>(DataField field, Func<TwoNnRow, T> value) where T : struct =>
                group.WriteAsync<T>(field, rows.Select(value).ToArray()).GetAwaiter().GetResult();
            void Optional(DataField field, Func<TwoNnRow, double> value) =>
                group.WriteAsync<double>(field, rows.Select(r => double.IsNaN(value(r)) ? (double?)null : value(r)).ToArray()).GetAwaiter().GetResult();
            Strings(model, (r, _) => r.Model);
            Values(layer, r => r.Layer);
            Values(depth, r => r.Depth);
            Strings(cls, (r, _) => r.Class);
            Strings(className, (r, _) => r.ClassName);
            Strings(estimator, (r, _) => r.Estimator);
            Optional(id, r => r.Id);
            Values(n, r => r.N);
            Values(nUsed, r => r.NUsed);
            Values(duplicates, r => r.Duplicates);
            Optional(ciLow, r => r.CiLow);
            Optional(ciHigh, r => r.CiHigh);
            Optional(r2, r => r.R2);
            Strings(note, (_, i) => notes is not null && notes.TryGetValue(i, out string? text) ? text : "");
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
