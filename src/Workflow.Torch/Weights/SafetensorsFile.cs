using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Reads the safetensors format (huggingface/safetensors): 8-byte little-endian header length, a JSON header mapping
/// names to <c>dtype</c>, <c>shape</c>, <c>data_offsets</c> (relative to the data section), optional
/// <c>__metadata__</c>, then the raw little-endian data. Every offset and size is checked before anything is read, so
/// a truncated or corrupt file fails with the name of the tensor and what to do.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024; // the reference implementation's limit

    /// <summary>Element sizes and TorchSharp types of the safetensors dtype names.</summary>
    internal static readonly IReadOnlyDictionary<string, (int Size, ScalarType Type)> DTypes = new Dictionary<string, (int, ScalarType)>
    {
        ["F64"] = (8, ScalarType.Float64),
        ["F32"] = (4, ScalarType.Float32),
        ["F16"] = (2, ScalarType.Float16),
        ["BF16"] = (2, ScalarType.BFloat16),
        ["I64"] = (8, ScalarType.Int64),
        ["I32"] = (4, ScalarType.Int32),
        ["I16"] = (2, ScalarType.Int16),
        ["I8"] = (1, ScalarType.Int8),
        ["U8"] = (1, ScalarType.Byte),
        ["BOOL"] = (1, ScalarType.Bool),
    };

    /// <summary>Reads and validates the header: tensor entries in file order, and <c>__metadata__</c>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or its header is corrupt; the message says which.</exception>
    public static (IReadOnlyList<SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    private static (IReadOnlyList<SafetensorsEntry>, IReadOnlyDictionary<string, string>, long) ReadHeader(FileStream stream, string path)
    {
        string name = Path.GetFileName(path);
        long length = stream.Length;
        if (length < 8)
            throw Corrupt(name, $"it is only {length} bytes long, shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)MaxHeaderBytes)
            throw Corrupt(name, $"its header claims {headerLength} bytes (more than the {MaxHeaderBytes}-byte limit): this is not a safetensors file or its first bytes are damaged");
        if (8 + (long)headerLength > length)
            throw Corrupt(name, $"its header claims {headerLength} bytes but the file has only {length - 8} after the length field (truncated)");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        long dataLength = length - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Corrupt(name, "its JSON header does not parse (" + e.Message + ")");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Corrupt(name, "its JSON header is not an object");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                        foreach (JsonProperty m in property.Value.EnumerateObject())
                            metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                entries.Add(ParseEntry(name, property, dataLength));
            }
            SafetensorsLayout.CheckContiguous(name, entries, dataLength);
            return (entries, metadata, dataStart);
        }
    }

    private static SafetensorsEntry ParseEntry(string file, JsonProperty property, long dataLength)
    {
        string tensor = property.Name;
        JsonElement e = property.Value;
        try
        {
            string dtype = e.GetProperty("dtype").GetString() ?? "";
            if (!DTypes.TryGetValue(dtype, out var info))
                throw Corrupt(file, $"tensor '{tensor}' has dtype '{dtype}', which is not one of {string.Join(", ", DTypes.Keys)}");
            long[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            long[] offsets = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            if (shape.Any(d => d < 0))
                throw Corrupt(file, $"tensor '{tensor}' has a negative dimension in shape [{string.Join(", ", shape)}]");
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw Corrupt(file, $"tensor '{tensor}' has invalid data_offsets [{string.Join(", ", offsets)}]");
            var entry = new SafetensorsEntry(tensor, dtype, shape, offsets[0], offsets[1]);
            long expected = entry.ElementCount * info.Size;
            if (offsets[1] - offsets[0] != expected)
                throw Corrupt(file, $"tensor '{tensor}' ({dtype} [{string.Join(", ", shape)}]) needs {expected} bytes but data_offsets span {offsets[1] - offsets[0]}");
            if (offsets[1] > dataLength)
                throw Corrupt(file, $"tensor '{tensor}' needs bytes {offsets[0]}..{offsets[1]} of the data section, which holds only {dataLength} bytes (the file is truncated)");
            return entry;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Corrupt(file, $"the header entry of tensor '{tensor}' lacks dtype/shape/data_offsets or has wrong types");
        }
    }

    /// <summary>Loads every tensor (on the CPU, in its stored dtype).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        var (entries, _, dataStart) = ReadHeader(stream, path);
        var result = new Dictionary<string, Tensor>(entries.Count);
        try
        {
            foreach (SafetensorsEntry entry in entries)
            {
                Tensor t = empty(entry.Shape, DTypes[entry.DType].Type);
                result[entry.Name] = t;
                if (entry.End == entry.Begin) continue;
                stream.Position = dataStart + entry.Begin;
                stream.ReadExactly(t.bytes);
            }
        }
        catch
        {
            foreach (Tensor t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static InvalidDataException Corrupt(string file, string what) =>
        new($"{file} is not a valid safetensors file: {what}. Delete it and download it again (or re-save it with safetensors).");
}
