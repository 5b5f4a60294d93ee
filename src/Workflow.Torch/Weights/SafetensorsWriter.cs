using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>
/// Writes the safetensors format: the header lists tensors in the order given (so the bytes are deterministic),
/// <c>__metadata__</c> first, padded with spaces to a multiple of 8 as the reference writer does. The file is written
/// to a temporary name and moved into place when complete.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (any device; copied to the CPU, made contiguous) to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var seen = new HashSet<string>();
        foreach (var (name, _) in list)
            if (!seen.Add(name) || name == "__metadata__")
                throw new ArgumentException($"Tensor name '{name}' is duplicated or reserved.", nameof(tensors));

        var header = new MemoryStream();
        long offset = 0;
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (k, v) in metadata ?? new Dictionary<string, string> { ["format"] = "pt" }) json.WriteString(k, v);
            json.WriteEndObject();
            foreach (var (name, value) in list)
            {
                long bytes = value.NumberOfElements * value.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", DTypeName(value.dtype, name));
                json.WriteStartArray("shape");
                foreach (long d in value.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - header.Length % 8) % 8);
        for (int i = 0; i < padding; i++) header.WriteByte((byte)' ');

        Workflow.Core.Cache.AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            header.Position = 0;
            header.CopyTo(stream);
            foreach (var (_, value) in list)
            {
                if (value.NumberOfElements == 0) continue;
                using var scope = NewDisposeScope();
                stream.Write(value.detach().cpu().contiguous().bytes);
            }
        });
    }

    private static string DTypeName(ScalarType type, string name)
    {
        foreach (var (key, (_, t)) in SafetensorsFile.DTypes)
            if (t == type) return key;
        throw new ArgumentException($"Tensor '{name}' has dtype {type}, which safetensors cannot store.", nameof(name));
    }
}
