using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>
/// Writes a state dict as <c>torch.save(state_dict, path)</c> does in the zip format (PyTorch ≥ 1.6), the layout of a
/// Hub <c>pytorch_model.bin</c>: <c>archive/data.pkl</c> (pickle protocol 2: an <c>OrderedDict</c> of
/// <c>torch._utils._rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict())</c>),
/// one stored (uncompressed) entry <c>archive/data/&lt;key&gt;</c> per storage, <c>archive/version</c> = 3 and
/// <c>archive/byteorder</c> = little. Used to rehearse the five poster repos that have no safetensors on main.
/// </summary>
public static class PyTorchCheckpointWriter
{
    /// <summary>Writes <paramref name="tensors"/> (each its own storage, contiguous, CPU) to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Value)> tensors)
    {
        var list = tensors.ToList();
        using FileStream file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteEntry(zip, "archive/data.pkl", Pickle(list));
        WriteEntry(zip, "archive/byteorder", "little"u8.ToArray());
        for (int i = 0; i < list.Count; i++)
        {
            using Tensor cpu = list[i].Value.detach().cpu().contiguous();
            ZipArchiveEntry entry = zip.CreateEntry($"archive/data/{i}", CompressionLevel.NoCompression);
            using Stream s = entry.Open();
            s.Write(cpu.bytes);
        }
        WriteEntry(zip, "archive/version", "3\n"u8.ToArray());
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        using Stream s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(bytes);
    }

    /// <summary>The pickle program, opcode for opcode as Python's pickler (protocol 2) writes a state dict, without memo.</summary>
    private static byte[] Pickle(List<(string Name, Tensor Value)> tensors)
    {
        var p = new MemoryStream();
        p.Write([0x80, 2]); // PROTO 2
        Global(p, "collections", "OrderedDict");
        p.WriteByte((byte)')'); // EMPTY_TUPLE
        p.WriteByte((byte)'R'); // REDUCE → OrderedDict()
        for (int start = 0; start < tensors.Count; start += 1000) // pickle batches SETITEMS by 1000
        {
            p.WriteByte((byte)'(');
            for (int i = start; i < Math.Min(start + 1000, tensors.Count); i++)
            {
                Tensor t = tensors[i].Value;
                String(p, tensors[i].Name);
                Global(p, "torch._utils", "_rebuild_tensor_v2");
                p.WriteByte((byte)'(');
                // persistent id ('storage', torch.FloatStorage, key, location, numel)
                p.WriteByte((byte)'(');
                String(p, "storage");
                Global(p, "torch", StorageName(t.dtype));
                String(p, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                String(p, "cpu");
                Int(p, t.numel());
                p.WriteByte((byte)'t');
                p.WriteByte((byte)'Q'); // BINPERSID
                Int(p, 0); // storage offset
                Tuple(p, t.shape);
                Tuple(p, ContiguousStrides(t.shape));
                p.WriteByte(0x89); // requires_grad False
                Global(p, "collections", "OrderedDict");
                p.WriteByte((byte)')');
                p.WriteByte((byte)'R'); // backward_hooks = OrderedDict()
                p.WriteByte((byte)'t');
                p.WriteByte((byte)'R');
            }
            p.WriteByte((byte)'u'); // SETITEMS
        }
        p.WriteByte((byte)'.');
        return p.ToArray();
    }

    private static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long step = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = step;
            step *= shape[d];
        }
        return strides;
    }

    private static void Tuple(Stream p, long[] values)
    {
        if (values.Length == 0) { p.WriteByte((byte)')'); return; }
        if (values.Length > 3) p.WriteByte((byte)'(');
        foreach (long v in values) Int(p, v);
        p.WriteByte(values.Length switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => (byte)'t' });
    }

    private static void Global(Stream p, string module, string name)
    {
        p.WriteByte((byte)'c');
        p.Write(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    }

    private static void String(Stream p, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        p.WriteByte((byte)'X'); // BINUNICODE
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        p.Write(length);
        p.Write(bytes);
    }

    private static void Int(Stream p, long value)
    {
        Span<byte> b = stackalloc byte[8];
        if (value is >= 0 and < 256) { p.WriteByte((byte)'K'); p.WriteByte((byte)value); }
        else if (value is >= 0 and < 65536) { p.WriteByte((byte)'M'); BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value); p.Write(b[..2]); }
        else if (value is >= int.MinValue and <= int.MaxValue) { p.WriteByte((byte)'J'); BinaryPrimitives.WriteInt32LittleEndian(b, (int)value); p.Write(b[..4]); }
        else { p.WriteByte(0x8a); p.WriteByte(8); BinaryPrimitives.WriteInt64LittleEndian(b, value); p.Write(b); } // LONG1
    }

    private static string StorageName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Int64 => "LongStorage",
        ScalarType.Int32 => "IntStorage",
        ScalarType.Int16 => "ShortStorage",
        ScalarType.Int8 => "CharStorage",
        ScalarType.Byte => "ByteStorage",
        ScalarType.Bool => "BoolStorage",
        _ => throw new ArgumentException($"dtype {type} has no torch storage class the reader knows.", nameof(type)),
    };
}
