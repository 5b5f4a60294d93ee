using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Workflow.Core.Data.Images;

/// <summary>The rows of one Parquet file of a Hub image dataset: encoded image bytes, the label, the image's own path.</summary>
/// <param name="Images">Encoded PNG/JPEG bytes per row (null where the row has no image).</param>
/// <param name="Paths">The struct's <c>path</c> per row (the original file name, or null).</param>
/// <param name="Labels">Label per row.</param>
/// <param name="LabelNames">Class names from the file's <c>huggingface</c> metadata (<c>info.features[label].names</c>), when present.</param>
public sealed record ParquetImageRows(byte[]?[] Images, string?[] Paths, long[] Labels, IReadOnlyList<string>? LabelNames);

/// <summary>
/// Reads image-classification Parquet as the Hub serves it (what <c>datasets</c> writes for an <c>Image()</c> feature):
/// the image column is a struct <c>{bytes: binary, path: string}</c>, the label column an integer (int64 for a
/// <c>ClassLabel</c>); the schema's key-value metadata <c>huggingface</c> holds the features as JSON, with the class
/// names of a ClassLabel.
/// </summary>
public static class ParquetImageColumn
{
    /// <summary>Reads <paramref name="imageColumn"/> and <paramref name="labelColumn"/> of every row group.</summary>
    /// <exception cref="InvalidDataException">A column is missing or of another kind; names the columns there are.</exception>
    public static async Task<ParquetImageRows> ReadAsync(Stream stream, string imageColumn, string labelColumn, string name, CancellationToken ct = default)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        string columns = string.Join(", ", reader.Schema.Fields.Select(f => f.Name));
        Field? image = reader.Schema.Fields.FirstOrDefault(f => f.Name == imageColumn);
        DataField bytesField = image switch
        {
            StructField s when s.Fields.FirstOrDefault(f => f.Name == "bytes") is DataField b && IsBinary(b) => b,
            DataField raw when IsBinary(raw) => raw, // plain binary column of encoded images
            null => throw new InvalidDataException($"{name}: no column '{imageColumn}'. Columns: {columns}. What to do: set dataset.image_column."),
            _ => throw new InvalidDataException($"{name}: column '{imageColumn}' is not an image (struct {{bytes, path}} or binary), found {Describe(image)}. Columns: {columns}."),
        };
        DataField? pathField = (image as StructField)?.Fields.FirstOrDefault(f => f.Name == "path") as DataField;
        DataField labelField = reader.Schema.Fields.FirstOrDefault(f => f.Name == labelColumn) is DataField { ClrType: var lt } l
                               && (lt == typeof(long) || lt == typeof(int))
            ? l
            : throw new InvalidDataException($"{name}: no integer column '{labelColumn}'. Columns: {columns}. What to do: set dataset.label_column.");

        var images = new List<byte[]?>();
        var paths = new List<string?>();
        var labels = new List<long>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            var bytes = new byte[]?[rows];
            await group.ReadAsync(bytesField, bytes.AsMemory()!, null, ct).ConfigureAwait(false);
            images.AddRange(bytes);
            var names = new string?[rows];
            if (pathField is not null) await group.ReadAsync(pathField, names.AsMemory()!, null, ct).ConfigureAwait(false);
            paths.AddRange(names);
            labels.AddRange(await ReadLabels(group, labelField, rows, labelColumn, name, labels.Count, ct).ConfigureAwait(false));
        }
        if (images.Count != labels.Count)
            throw new InvalidDataException($"{name}: {images.Count} images but {labels.Count} labels.");
        return new ParquetImageRows([.. images], [.. paths], [.. labels], LabelNames(reader.CustomMetadata, labelColumn));
    }

    // Parquet.Net 6 types BYTE_ARRAY columns as ReadOnlyMemory<byte> (older versions: byte[]).
    private static bool IsBinary(DataField field) => field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>);

    private static string Describe(Field field) => field is StructField s
        ? "struct {" + string.Join(", ", s.Fields.Select(f => f is DataField d ? $"{d.Name}: {d.ClrType.Name}" : $"{f.Name}: {f.SchemaType}")) + "}"
        : field is DataField d ? d.ClrType.Name : field.SchemaType.ToString();

    private static async Task<long[]> ReadLabels(ParquetRowGroupReader group, DataField field, int rows, string column, string name, int before, CancellationToken ct)
    {
        var values = new long?[rows];
        if (field.ClrType == typeof(long))
            await group.ReadAsync<long>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        else
        {
            var narrow = new int?[rows];
            if (field.ClrType == typeof(int)) await group.ReadAsync<int>(field, narrow.AsMemory(), null, ct).ConfigureAwait(false);
            else throw new InvalidDataException($"{name}: column '{column}' is {field.ClrType.Name}; expected int64 or int32 class labels.");
            for (int i = 0; i < rows; i++) values[i] = narrow[i];
        }
        var labels = new long[rows];
        for (int i = 0; i < rows; i++)
            labels[i] = values[i] ?? throw new InvalidDataException($"{name}: row {before + i} has no {column}; every image needs a label.");
        return labels;
    }

    /// <summary><c>huggingface</c> metadata → <c>info.features[label].names</c> (a ClassLabel's names).</summary>
    internal static IReadOnlyList<string>? LabelNames(IReadOnlyDictionary<string, string>? metadata, string labelColumn)
    {
        if (metadata is null || !metadata.TryGetValue("huggingface", out string? text)) return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("info", out var info) && info.TryGetProperty("features", out var features)
                && features.ValueKind == JsonValueKind.Object && features.TryGetProperty(labelColumn, out var feature)
                && feature.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array)
                return names.EnumerateArray().Select(n => n.GetString() ?? "").ToArray();
        }
        catch (JsonException)
        {
            // malformed metadata: fall back to the dataset card or numbered classes
        }
        return null;
    }
}
