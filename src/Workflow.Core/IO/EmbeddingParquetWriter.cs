using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace Workflow.Core.IO;

/// <summary>
/// Streams embeddings of one model × layer into Parquet (the layout of <see cref="EmbeddingParquet"/>): rows are
/// appended batch by batch and written as a row group whenever <c>rowsPerGroup</c> rows are buffered, so memory
/// stays at one row group whatever the number of rows. Call <see cref="Complete"/> to finish the file.
/// </summary>
public sealed class EmbeddingParquetWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly ParquetWriter _writer;
    private readonly DataField<int> _indexField = new(EmbeddingParquet.IndexColumn);
    private readonly DataField<int> _labelField = new(EmbeddingParquet.LabelColumn);
    private readonly DataField<float> _elementField = new(ListField.ElementName);
    private readonly int _rowsPerGroup;
    private int[] _index = [];
    private int[] _labels = [];
    private float[] _vectors = [];
    private int _buffered;
    private long _rows;
    private bool _completed;

    private EmbeddingParquetWriter(Stream stream, bool ownsStream, int dimension, IReadOnlyDictionary<string, string> metadata, int rowsPerGroup)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        Dimension = dimension;
        var schema = new ParquetSchema(_indexField, _labelField, new ListField(EmbeddingParquet.VectorColumn, _elementField));
        _writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        _writer.CustomMetadata = metadata.ToDictionary(p => p.Key, p => p.Value);
        _rowsPerGroup = rowsPerGroup;
    }

    /// <summary>Length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>Rows per row group by default: <see cref="EmbeddingParquet.RowGroupBytes"/> of vector data.</summary>
    public static int DefaultRowsPerGroup(int dimension) => RowsPerGroup(dimension, EmbeddingParquet.RowGroupBytes);

    /// <summary>Rows whose float32 vectors fill about <paramref name="bytes"/> (at least 1, at most 2²⁰).</summary>
    public static int RowsPerGroup(long dimension, long bytes) => (int)Math.Clamp(bytes / (4L * dimension), 1, 1 << 20);

    /// <summary>Creates <paramref name="path"/> and starts the file.</summary>
    public static EmbeddingParquetWriter Create(string path, int dimension, IReadOnlyDictionary<string, string> metadata, int? rowsPerGroup = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        try
        {
            return Create(stream, dimension, metadata, rowsPerGroup, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Starts a file on <paramref name="stream"/> (closed on dispose when <paramref name="ownsStream"/>).</summary>
    public static EmbeddingParquetWriter Create(Stream stream, int dimension, IReadOnlyDictionary<string, string> metadata, int? rowsPerGroup = null, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (rowsPerGroup is <= 0) throw new ArgumentOutOfRangeException(nameof(rowsPerGroup), rowsPerGroup, "Must be positive.");
        return new EmbeddingParquetWriter(stream, ownsStream, dimension, metadata, rowsPerGroup ?? DefaultRowsPerGroup(dimension));
    }

    /// <summary>Appends rows: one index, label and <see cref="Dimension"/> floats per row.</summary>
    public void Append(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> vectors)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (labels.Length != index.Length || vectors.Length != (long)index.Length * Dimension)
            throw new ArgumentException($"Got {index.Length} indices, {labels.Length} labels and {vectors.Length} values; need one label and {Dimension} values per index.");
        while (index.Length > 0)
        {
            if (_buffered == _index.Length) Grow();
            int take = Math.Min(index.Length, _index.Length - _buffered);
            index[..take].CopyTo(_index.AsSpan(_buffered));
            labels[..take].CopyTo(_labels.AsSpan(_buffered));
            vectors[..(take * Dimension)].CopyTo(_vectors.AsSpan(_buffered * Dimension));
            _buffered += take;
            index = index[take..];
            labels = labels[take..];
            vectors = vectors[(take * Dimension)..];
            if (_buffered == _rowsPerGroup) Flush();
        }
    }

    // The buffer grows (doubling) up to one row group, so a small file never holds a full group's worth of memory.
    private void Grow()
    {
        int rows = Math.Min(_rowsPerGroup, Math.Max(64, _index.Length * 2));
        Array.Resize(ref _index, rows);
        Array.Resize(ref _labels, rows);
        Array.Resize(ref _vectors, checked(rows * Dimension));
    }

    /// <summary>Writes the buffered rows and the footer. The file is complete only after this returns.</summary>
    public void Complete()
    {
        if (_completed) return;
        if (_buffered > 0 || _rows == 0) Flush();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Flush();
        _completed = true;
    }

    private void Flush()
    {
        int rows = _buffered;
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            group.WriteAsync<int>(_indexField, _index.AsMemory(0, rows)).GetAwaiter().GetResult();
            group.WriteAsync<int>(_labelField, _labels.AsMemory(0, rows)).GetAwaiter().GetResult();
            // A list column is written flat: the values of all lists, and a repetition level per value
            // (0 starts a new row's list, 1 continues it) — Dremel encoding, as in the Parquet format spec.
            // Every list and every element is present: all definition levels are the maximum. The level arrays
            // are as large as the values, so they are rented, not allocated per row group.
            int values = rows * Dimension;
            int[] repetition = ArrayPool<int>.Shared.Rent(values);
            int[] definition = ArrayPool<int>.Shared.Rent(values);
            try
            {
                Array.Fill(repetition, 1, 0, values);
                for (int r = 0; r < rows; r++) repetition[r * Dimension] = 0;
                Array.Fill(definition, _elementField.MaxDefinitionLevel, 0, values);
                group.WriteAllPartsAsync<float>(_elementField, _vectors.AsMemory(0, values), definition.AsMemory(0, values),
                    repetition.AsMemory(0, values), CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                ArrayPool<int>.Shared.Return(repetition);
                ArrayPool<int>.Shared.Return(definition);
            }
        }
        _rows += rows;
        _buffered = 0;
    }

    /// <summary>Releases the file; a writer disposed before <see cref="Complete"/> leaves an unfinished file.</summary>
    public void Dispose()
    {
        if (!_completed) _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _completed = true;
        if (_ownsStream) _stream.Dispose();
    }
}
