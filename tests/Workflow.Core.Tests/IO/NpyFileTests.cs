using System.Text;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;

namespace Workflow.Core.Tests.IO;

public class NpyFileTests
{
    [Fact]
    public void Should_ReadFixtureShape_When_NumpyWroteIt()
    {
        PointMatrix points = NpyFile.ReadMatrix(Path.Combine(AppContext.BaseDirectory, "TestData", "twonn", "duplicates_N1000_D8.npy"));
        Assert.Equal(1000, points.Rows);
        Assert.Equal(8, points.Columns);
    }

    [Fact]
    public void Should_RoundTrip_When_WritingFloat32Matrix()
    {
        var points = new PointMatrix([1.5f, -2, 3, 4, 5, 6.25f], 3, 2);
        var stream = new MemoryStream();
        NpyFile.WriteMatrix(stream, points);
        Assert.Equal(128 + 24, stream.Length); // header padded to a multiple of 64 bytes, as numpy does

        stream.Position = 0;
        PointMatrix back = NpyFile.ReadMatrix(stream);
        Assert.Equal(points.Values, back.Values);
        Assert.Equal(3, back.Rows);
    }

    [Fact]
    public void Should_NarrowToFloat32_When_Float64Matrix()
    {
        var stream = new MemoryStream();
        NpyFile.WriteMatrix(stream, new double[] { 0.1, 0.2, 0.3, 0.4 }, 2, 2);
        stream.Position = 0;
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], NpyFile.ReadMatrix(stream).Values);
    }

    [Fact]
    public void Should_ReadInt64Labels_When_NumpyDefaultIntegers()
    {
        var stream = Build("<i8", "(3,)", BitConverter.GetBytes(7L).Concat(BitConverter.GetBytes(0L)).Concat(BitConverter.GetBytes(-1L)).ToArray());
        Assert.Equal([7, 0, -1], NpyFile.ReadLabels(stream));

        var int32 = new MemoryStream();
        NpyFile.WriteLabels(int32, [4, 5]);
        int32.Position = 0;
        Assert.Equal([4, 5], NpyFile.ReadLabels(int32));
    }

    [Fact]
    public void Should_RejectWithReason_When_FortranOrder()
    {
        var stream = Build("<f4", "(1, 1)", new byte[4], fortran: true);
        Assert.Contains("Fortran", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(stream)).Message);
    }

    [Fact]
    public void Should_RejectWithReason_When_OneDimensionalMatrix()
    {
        var stream = Build("<f4", "(2,)", new byte[8]);
        Assert.Contains("2-D", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(stream)).Message);
    }

    [Fact]
    public void Should_RejectWithReason_When_OtherDtype()
    {
        Assert.Contains("'<f2'", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(Build("<f2", "(1, 1)", new byte[2]))).Message);
        Assert.Contains("'>f4'", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(Build(">f4", "(1, 1)", new byte[4]))).Message);
        Assert.Contains("int32", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(Build("<i4", "(1, 1)", new byte[4]))).Message);
        Assert.Contains("float32", Assert.Throws<InvalidDataException>(() => NpyFile.ReadLabels(Build("<f4", "(1,)", new byte[4]))).Message);
    }

    [Fact]
    public void Should_RejectWithReason_When_Truncated()
    {
        var stream = Build("<f4", "(2, 3)", new byte[20]);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(stream));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("24", error.Message);
        Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(new MemoryStream([0x93, (byte)'N'])));
    }

    [Fact]
    public void Should_RejectWithReason_When_NotNpy()
    {
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(new MemoryStream(Encoding.ASCII.GetBytes("hello, world")))).Message);
    }

    [Theory]
    [InlineData("(-5, 10)", "not a dimension")]
    [InlineData("(1099511627776, 1073741824)", "larger than any file")] // 2^40 × 2^30: overflowed before (probe #12)
    [InlineData("(3000000000, 1)", "more than 2147483647 rows")]
    [InlineData("(5, ten)", "not a dimension")]
    public void Should_RejectWithOneLine_When_TheShapeIsImpossible(string shape, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(Build("<f4", shape, new byte[16])));

        Assert.Contains(reason, error.Message);
    }

    private static MemoryStream Build(string descr, string shape, byte[] data, bool fortran = false)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        dict = dict.PadRight(64 - 10 - 1) + "\n";
        var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)dict.Length));
        stream.Write(Encoding.ASCII.GetBytes(dict));
        stream.Write(data);
        stream.Position = 0;
        return stream;
    }
}
