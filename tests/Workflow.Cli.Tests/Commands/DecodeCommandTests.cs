using Workflow.Cli.Tests.Datasets;
using Workflow.Core.IO;

namespace Workflow.Cli.Tests.Commands;

public sealed class DecodeCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idim-decode-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder", relative);

    [Theory]
    [InlineData("apple/apple_10_CMYK.jpeg")]
    [InlineData("bicycle/bicycle_03_P.png")]
    public void Should_WritePillowsArray_When_DecodingAFile(string relative)
    {
        string output = Path.Combine(_root, "out.npy");

        var (code, stdout, error) = CliRunner.Run("decode", Fixture(relative), "--output", output);

        Assert.True(code == 0, error);
        Assert.Contains("x3 uint8", stdout);
        var (pixels, shape) = NpyFile.ReadUInt8(output);
        var (expected, expectedShape) = PillowFixture.Array(relative);
        Assert.Equal(expectedShape, shape);
        Assert.Equal(expected, pixels);
    }

    [Fact]
    public void Should_ExitWithAnErrorNamingTheFile_When_TheImageIsTruncated()
    {
        string broken = Path.Combine(_root, "broken.jpg");
        byte[] data = File.ReadAllBytes(Fixture("cloud/cloud_09_RGB.jpg"));
        File.WriteAllBytes(broken, data[..(data.Length / 2)]);

        var (code, _, error) = CliRunner.Run("decode", broken, "--output", Path.Combine(_root, "out.npy"));

        Assert.Equal(1, code);
        Assert.Contains("broken.jpg", error);
        Assert.False(File.Exists(Path.Combine(_root, "out.npy")));
    }
}
