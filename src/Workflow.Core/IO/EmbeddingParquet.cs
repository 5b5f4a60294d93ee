using Parquet;
using Parquet.Schema;
using Workflow.Core.TwoNn;

namespace Workflow.Core.IO;

/// <summary>
/// Embeddings of one model × layer as Parquet: columns <c>index</c> (int32), <c>label</c> (int32) and
/// <c>vector</c> (list&lt;float32&gt;, the standard three-level LIST that pandas/pyarrow read as a list column),
/// key-value metadata in the footer, and row groups bounded in size so readers stream them.
/// </summary>
public static class EmbeddingParquet
{
    /// <summary>Name of the source-index column.</summary>
    public const string IndexColumn = "index";

    /// <summary>Name of the label column.</summary>
    public const string LabelColumn = "label";

    /// <summary>Name of the vector column written by <see cref="WriteAsync(Stream, EmbeddingTable, int?, CancellationToken)"/>.</summary>
    public const string VectorColumn = "vector";

    /// <summary>Target size of a row group's vector data (64 MiB); rows per group = this / (4 × dimension).</summary>
    public const long RowGroupBytes = 64L << 20;

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, EmbeddingTable table, int? rowsPerGroup = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var stream = File.Create(path);
        await WriteAsync(stream, table, rowsPerGroup, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="table"/> to <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination (seekable not required).</param>
    /// <param name="table">The embeddings (labels default to −1 when absent).</param>
    /// <param name="rowsPerGroup">Rows per row group; default from <see cref="RowGroupBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteAsync(Stream stream, EmbeddingTable table, int? rowsPerGroup = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        using var writer = EmbeddingParquetWriter.Create(stream, table.Vectors.Columns, table.Metadata, rowsPerGroup);
        writer.Append(table.Index, table.Labels ?? Enumerable.Repeat(-1, table.Vectors.Rows).ToArray(), table.Vectors.Values);
        writer.Complete();
        return Task.CompletedTask;
    }

    /// <summary>Reads the file at <paramref name="path"/>, taking vectors from the list&lt;float&gt; column <paramref name="column"/>.</summary>
    public static async Task<EmbeddingTable> ReadAsync(string path, string column = VectorColumn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        return await ReadAsync(stream, column, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads embeddings from <paramref name="stream"/> (seekable). Vectors come from the list&lt;float&gt; column
    /// <paramref name="column"/>; every row's list must have the same length. The <c>index</c> and <c>label</c>
    /// columns are optional (index defaults to the row number, labels to null).
    /// </summary>
    /// <exception cref="InvalidDataException">The column is missing or not a list of float32, or the lists differ in length.</exception>
    public static async Task<EmbeddingTable> ReadAsync(Stream stream, string column = VectorColumn, string name = "the Parquet file", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(column);
        ParquetReader opened;
        try
        {
            opened = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Parquet.Net says "not a parquet file" as an IOException; it is bad input, not an I/O failure.
            throw new InvalidDataException($"{name} is not a Parquet file ({e.Message}). Give a .parquet written by idim embed or pandas/pyarrow, or a .npy.", e);
        }
        await using ParquetReader reader = opened;
        DataField element = FindVectorElement(reader.Schema, column, name);
        DataField? indexField = FindScalarInt(reader.Schema, IndexColumn);
        DataField? labelField = FindScalarInt(reader.Schema, LabelColumn);

        var values = new List<float>();
        var index = new List<int>();
        var labels = new List<int>();
        int dimension = -1, rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            long count = group.GetMetadata(element)?.MetaData?.NumValues
                ?? throw new InvalidDataException($"{name}: row group {g} has no column chunk for '{column}'.");
            var flat = new float[checked((int)count)];
            var repetition = new int[flat.Length];
            var definition = new int[flat.Length];
            await group.ReadRawAsync<float>(element, flat, definition, repetition, cancellationToken).ConfigureAwait(false);
            if (Array.Exists(definition, level => level != element.MaxDefinitionLevel))
                throw new InvalidDataException($"{name}: column '{column}' holds null or empty lists, or null elements; every row needs a full vector.");
            int groupRows = 0;
            for (int k = 0; k < repetition.Length; k++)
            {
                if (repetition[k] != 0) continue;
                int length = NextStart(repetition, k + 1) - k;
                if (dimension < 0) dimension = length;
                else if (length != dimension)
                    throw new InvalidDataException(
                        $"{name}: row {rows + groupRows} of column '{column}' has {length} values, but earlier rows have {dimension}.");
                groupRows++;
            }
            values.AddRange(flat);
            rows += groupRows;
            if (indexField is not null) index.AddRange(await ReadInts(group, indexField, cancellationToken).ConfigureAwait(false));
            if (labelField is not null) labels.AddRange(await ReadInts(group, labelField, cancellationToken).ConfigureAwait(false));
        }
        if (dimension <= 0) throw new InvalidDataException($"{name}: column '{column}' holds no vectors.");
        int[] indexArray = indexField is not null ? index.ToArray() : Enumerable.Range(0, rows).ToArray();
        int[]? labelArray = labelField is not null ? labels.ToArray() : null;
        var metadata = new Dictionary<string, string>(reader.CustomMetadata ?? new Dictionary<string, string>());
        var table = new EmbeddingTable(indexArray, labelArray, new PointMatrix(values.ToArray(), rows, dimension), metadata);
        table.Validate();
        return table;
    }

    /// <summary>Synchronous <see cref="WriteAsync(string, EmbeddingTable, int?, CancellationToken)"/>.</summary>
    public static void Write(string path, EmbeddingTable table, int? rowsPerGroup = null) =>
        WriteAsync(path, table, rowsPerGroup).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="ReadAsync(string, string, CancellationToken)"/>.</summary>
    public static EmbeddingTable Read(string path, string column = VectorColumn) =>
        ReadAsync(path, column).GetAwaiter().GetResult();

    private static int NextStart(ReadOnlySpan<int> repetition, int from)
    {
        int next = repetition[from..].IndexOf(0);
        return next < 0 ? repetition.Length : from + next;
    }

    private static async Task<int[]> ReadInts(ParquetRowGroupReader group, DataField field, CancellationToken cancellationToken)
    {
        var values = new int[group.RowCount];
        await group.ReadAsync<int>(field, values, null, cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static DataField FindVectorElement(ParquetSchema schema, string column, string name)
    {
        Field? field = schema.Fields.FirstOrDefault(f => f.Name == column);
        if (field is ListField { Item: DataField item } && item.ClrType == typeof(float))
            return item;
        string lists = string.Join(", ", schema.Fields.OfType<ListField>().Where(l => l.Item is DataField { ClrType: var t } && t == typeof(float)).Select(l => l.Name));
        string found = field is null ? "no such column" : (field is ListField ? "a list column" : field is DataField ? "a column of single values" : "a nested column") + (field is ListField l2 && l2.Item is DataField d ? $" of {d.ClrType.Name}" : "");
        throw new InvalidDataException(
            $"{name}: expected column '{column}' to be a list<float32>, found {found}. " +
            (lists.Length > 0 ? $"list<float32> columns here: {lists}; pick one with --column." : "The file has no list<float32> column."));
    }

    private static DataField? FindScalarInt(ParquetSchema schema, string column) =>
        schema.Fields.FirstOrDefault(f => f.Name == column) is DataField { ClrType: var t } field && t == typeof(int) && !field.IsArray
            ? field
            : null;
}
