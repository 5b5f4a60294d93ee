using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Workflow.Core.TwoNn;

namespace Workflow.Core.IO;

/// <summary>Element types of <c>.npy</c> files that <see cref="NpyFile"/> reads and writes.</summary>
public enum NpyDType
{
    /// <summary><c>&lt;f4</c></summary>
    Float32,

    /// <summary><c>&lt;f8</c></summary>
    Float64,

    /// <summary><c>&lt;i4</c></summary>
    Int32,

    /// <summary><c>&lt;i8</c></summary>
    Int64,

    /// <summary><c>|u1</c> (images)</summary>
    UInt8,
}

/// <summary>The header of a <c>.npy</c> file.</summary>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Shape, outermost first.</param>
public sealed record NpyHeader(NpyDType DType, IReadOnlyList<long> Shape)
{
    /// <summary>Number of elements.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// NumPy's <c>.npy</c> format (versions 1.0–3.0, little-endian, C order), as written by <c>numpy.save</c>
/// (numpy/lib/format.py): magic <c>\x93NUMPY</c>, version, header length (uint16 in 1.0, uint32 later),
/// a Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the raw data.
/// Reads float32/float64 matrices and int32/int64 label vectors; anything else is an error that says what was found.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 2-D float32 or float64 array (float64 is rounded to float32) as a point matrix.</summary>
    public static PointMatrix ReadMatrix(string path)
    {
        using var stream = OpenRead(path);
        return ReadMatrix(stream, path);
    }

    /// <summary>Reads a 2-D float32 or float64 array from <paramref name="stream"/>.</summary>
    /// <param name="stream">The file contents.</param>
    /// <param name="name">The file's name for error messages.</param>
    /// <exception cref="InvalidDataException">Not a 2-D float32/float64 C-order array, or the data are truncated.</exception>
    public static PointMatrix ReadMatrix(Stream stream, string name = "the .npy file")
    {
        ArgumentNullException.ThrowIfNull(stream);
        NpyHeader header = ReadHeader(stream, name);
        if (header.Shape.Count != 2)
            throw new InvalidDataException(
                $"{name}: expected a 2-D array (points × dimensions), found shape ({string.Join(", ", header.Shape)}). " +
                (header.Shape.Count == 1 ? "For one point per value, reshape to (N, 1) with x.reshape(-1, 1) before saving." : "Reshape it to 2-D."));
        if (header.Shape[0] > int.MaxValue || header.Shape[1] > int.MaxValue)
            throw new InvalidDataException($"{name}: shape ({header.Shape[0]}, {header.Shape[1]}) has more than {int.MaxValue} rows or columns.");
        int rows = (int)header.Shape[0], columns = (int)header.Shape[1];
        if (columns == 0) throw new InvalidDataException($"{name}: the points have dimension 0.");
        switch (header.DType)
        {
            case NpyDType.Float32:
                return new PointMatrix(ReadData<float>(stream, header, name), rows, columns);
            case NpyDType.Float64:
                return PointMatrix.FromDoubles(ReadData<double>(stream, header, name), rows, columns);
            default:
                throw new InvalidDataException(
                    $"{name}: expected float32 or float64 values, found {Describe(header.DType)}. Convert with x.astype(np.float32).");
        }
    }

    /// <summary>Reads a 2-D float32 or float64 array without rounding: float64 values stay float64 (the estimators'
    /// reference tests need the anchors' inputs exactly). Returns the values row-major and the shape.</summary>
    /// <exception cref="InvalidDataException">Not a 2-D float32/float64 C-order array, or the data are truncated.</exception>
    public static (double[] Values, int Rows, int Columns) ReadMatrix64(string path)
    {
        using var stream = OpenRead(path);
        NpyHeader header = ReadHeader(stream, path);
        if (header.Shape.Count != 2)
            throw new InvalidDataException($"{path}: expected a 2-D array (points × dimensions), found shape ({string.Join(", ", header.Shape)}).");
        int rows = checked((int)header.Shape[0]), columns = checked((int)header.Shape[1]);
        double[] values = header.DType switch
        {
            NpyDType.Float64 => ReadData<double>(stream, header, path),
            NpyDType.Float32 => Array.ConvertAll(ReadData<float>(stream, header, path), v => (double)v),
            _ => throw new InvalidDataException($"{path}: expected float32 or float64 values, found {Describe(header.DType)}."),
        };
        return (values, rows, columns);
    }

    /// <summary>Reads a 1-D int32 or int64 array of labels.</summary>
    public static int[] ReadLabels(string path)
    {
        using var stream = OpenRead(path);
        return ReadLabels(stream, path);
    }

    /// <summary>Reads a 1-D int32 or int64 array of labels from <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">Not a 1-D integer array, a label outside int32, or truncated data.</exception>
    public static int[] ReadLabels(Stream stream, string name = "the labels file")
    {
        ArgumentNullException.ThrowIfNull(stream);
        NpyHeader header = ReadHeader(stream, name);
        if (header.Shape.Count != 1)
            throw new InvalidDataException(
                $"{name}: expected a 1-D array of labels, found shape ({string.Join(", ", header.Shape)}). Save labels with np.save(path, y.ravel()).");
        switch (header.DType)
        {
            case NpyDType.Int32:
                return ReadData<int>(stream, header, name);
            case NpyDType.Int64:
                long[] wide = ReadData<long>(stream, header, name);
                var labels = new int[wide.Length];
                for (int i = 0; i < wide.Length; i++)
                {
                    if (wide[i] is < int.MinValue or > int.MaxValue)
                        throw new InvalidDataException($"{name}: label {i} is {wide[i]}, outside the int32 range.");
                    labels[i] = (int)wide[i];
                }
                return labels;
            default:
                throw new InvalidDataException(
                    $"{name}: expected int32 or int64 labels, found {Describe(header.DType)}. Convert with y.astype(np.int64).");
        }
    }

    /// <summary>Writes <paramref name="points"/> as a 2-D float32 array.</summary>
    public static void WriteMatrix(string path, PointMatrix points)
    {
        using var stream = File.Create(path);
        WriteMatrix(stream, points);
    }

    /// <summary>Writes <paramref name="points"/> as a 2-D float32 array.</summary>
    public static void WriteMatrix(Stream stream, PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(points);
        WriteHeader(stream, NpyDType.Float32, [points.Rows, points.Columns]);
        WriteData<float>(stream, points.Values);
    }

    /// <summary>Writes a 2-D float64 array of shape <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public static void WriteMatrix(Stream stream, ReadOnlySpan<double> values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"{rows} x {columns} needs {(long)rows * columns} values, got {values.Length}.", nameof(values));
        WriteHeader(stream, NpyDType.Float64, [rows, columns]);
        WriteData(stream, values);
    }

    /// <summary>Writes labels as a 1-D int32 array.</summary>
    public static void WriteLabels(string path, ReadOnlySpan<int> labels)
    {
        using var stream = File.Create(path);
        WriteLabels(stream, labels);
    }

    /// <summary>Writes labels as a 1-D int32 array.</summary>
    public static void WriteLabels(Stream stream, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteHeader(stream, NpyDType.Int32, [labels.Length]);
        WriteData(stream, labels);
    }

    /// <summary>Writes an n-D uint8 array (e.g. images N×H×W×3, as numpy's <c>np.uint8</c>).</summary>
    public static void WriteUInt8(string path, ReadOnlySpan<byte> data, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) needs {shape.Aggregate(1L, (a, b) => a * b)} bytes, got {data.Length}.", nameof(data));
        using var stream = File.Create(path);
        WriteHeader(stream, NpyDType.UInt8, shape.ToArray());
        stream.Write(data);
    }

    /// <summary>Writes an n-D int32 array (e.g. per-image sizes N×2).</summary>
    public static void WriteInt32(string path, ReadOnlySpan<int> data, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) needs {shape.Aggregate(1L, (a, b) => a * b)} values, got {data.Length}.", nameof(data));
        using var stream = File.Create(path);
        WriteHeader(stream, NpyDType.Int32, shape.ToArray());
        WriteData(stream, data);
    }

    /// <summary>Reads an n-D int32 array and its shape.</summary>
    /// <exception cref="InvalidDataException">Not int32, or truncated.</exception>
    public static (int[] Data, IReadOnlyList<long> Shape) ReadInt32(string path)
    {
        using var stream = OpenRead(path);
        NpyHeader header = ReadHeader(stream, path);
        if (header.DType != NpyDType.Int32)
            throw new InvalidDataException($"{path}: expected int32 values, found {Describe(header.DType)}.");
        return (ReadData<int>(stream, header, path), header.Shape);
    }

    /// <summary>Reads an n-D uint8 array and its shape.</summary>
    /// <exception cref="InvalidDataException">Not uint8, or truncated.</exception>
    public static (byte[] Data, IReadOnlyList<long> Shape) ReadUInt8(string path)
    {
        using var stream = OpenRead(path);
        NpyHeader header = ReadHeader(stream, path);
        if (header.DType != NpyDType.UInt8)
            throw new InvalidDataException($"{path}: expected uint8 values, found {Describe(header.DType)}.");
        return (ReadData<byte>(stream, header, path), header.Shape);
    }

    /// <summary>Reads and checks the header; the stream is left at the first data byte.</summary>
    /// <exception cref="InvalidDataException">Not a .npy file, Fortran order, big-endian or an unsupported dtype.</exception>
    public static NpyHeader ReadHeader(Stream stream, string name = "the .npy file")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> preamble = stackalloc byte[8];
        if (stream.ReadAtLeast(preamble, 8, throwOnEndOfStream: false) < 8 || !preamble[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a NumPy .npy file (the magic string \\x93NUMPY is missing).");
        byte major = preamble[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{name}: .npy format version {major}.{preamble[7]} is not supported (1.0 to 3.0 are)."),
        };
        Span<byte> lengthField = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthField[..lengthBytes], lengthBytes, throwOnEndOfStream: false) < lengthBytes)
            throw new InvalidDataException($"{name}: the file is truncated inside its header.");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        var text = new byte[headerLength];
        if (stream.ReadAtLeast(text, text.Length, throwOnEndOfStream: false) < text.Length)
            throw new InvalidDataException($"{name}: the file is truncated inside its header.");
        return ParseHeader((major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(text), name);
    }

    private static NpyHeader ParseHeader(string dict, string name)
    {
        Match descr = Regex.Match(dict, @"'descr'\s*:\s*'([^']*)'");
        Match fortran = Regex.Match(dict, @"'fortran_order'\s*:\s*(True|False)");
        Match shape = Regex.Match(dict, @"'shape'\s*:\s*\(([^)]*)\)");
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{name}: the .npy header is malformed: {dict.Trim()}");
        if (fortran.Groups[1].Value == "True")
            throw new InvalidDataException(
                $"{name}: the array is stored in Fortran (column-major) order; expected C order. Save np.ascontiguousarray(x) instead.");
        NpyDType dtype = descr.Groups[1].Value switch
        {
            "<f4" => NpyDType.Float32,
            "<f8" => NpyDType.Float64,
            "<i4" => NpyDType.Int32,
            "<i8" => NpyDType.Int64,
            "|u1" => NpyDType.UInt8,
            var other => throw new InvalidDataException(
                $"{name}: unsupported dtype '{other}'; expected little-endian float32 ('<f4'), float64 ('<f8'), int32 ('<i4') or int64 ('<i8')."),
        };
        string[] parts = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
                throw new InvalidDataException($"{name}: the .npy header's shape ({shape.Groups[1].Value}) holds '{parts[i]}', which is not a dimension (a whole number ≥ 0).");
        // Element count and byte size of a hostile header (e.g. 2^40 × 2^30) must not overflow before the size checks.
        long count = 1;
        foreach (long d in dims)
            if (d != 0 && count > long.MaxValue / 8 / d)
                throw new InvalidDataException($"{name}: the .npy header's shape ({string.Join(", ", dims)}) is larger than any file can hold.");
            else count *= d;
        return new NpyHeader(dtype, dims);
    }

    private static T[] ReadData<T>(Stream stream, NpyHeader header, string name) where T : unmanaged
    {
        long count = header.Count;
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{name}: {count} elements are more than one array can hold.");
        var data = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
            throw new InvalidDataException(
                $"{name}: the file is truncated: shape ({string.Join(", ", header.Shape)}) needs {bytes.Length} data bytes, found {read}.");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Reading .npy files needs a little-endian machine.");
        return data;
    }

    private static void WriteHeader(Stream stream, NpyDType dtype, long[] shape)
    {
        string descr = dtype switch
        {
            NpyDType.Float32 => "<f4",
            NpyDType.Float64 => "<f8",
            NpyDType.Int32 => "<i4",
            NpyDType.UInt8 => "|u1",
            _ => "<i8",
        };
        string dims = shape.Length == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // numpy pads the header with spaces and a newline so that the data start on a 64-byte boundary.
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string text = dict + new string(' ', padding) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)text.Length));
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(text));
    }

    private static void WriteData<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged =>
        stream.Write(MemoryMarshal.AsBytes(values));

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    }

    private static string Describe(NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "float32",
        NpyDType.Float64 => "float64",
        NpyDType.Int32 => "int32",
        NpyDType.UInt8 => "uint8",
        _ => "int64",
    };
}
