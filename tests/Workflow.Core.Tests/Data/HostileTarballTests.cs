using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Workflow.Core.Data;

namespace Workflow.Core.Tests.Data;

/// <summary>
/// A tarball whose member names try to leave the extraction folder (absolute, <c>..</c>, backslash, <c>sub/../..</c>)
/// is refused with an error naming the member, and nothing outside the data folder is created, changed or deleted.
/// </summary>
public sealed class HostileTarballTests : IDisposable
{
    private const string Top = "cifar-10-batches-bin";
    private readonly string root = Directory.CreateTempSubdirectory("idim-tar-").FullName;

    [Theory]
    [InlineData("../../PWN_tar")]
    [InlineData(Top + "/../../PWN_tar")]
    [InlineData(Top + "/sub/../../../PWN_tar")]
    [InlineData(Top + @"\..\..\PWN_tar")]
    [InlineData("ABSOLUTE")]
    [InlineData(Top + "//PWN_tar")]
    public void Should_RefuseTheArchiveAndTouchNothingOutside_When_AMemberNameEscapes(string member)
    {
        string sentinel = Path.Combine(root, "PWN_tar");
        File.WriteAllText(sentinel, "precious");
        if (member == "ABSOLUTE") member = sentinel;
        string data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        string archive = Path.Combine(data, "hostile.tar.gz");
        File.WriteAllBytes(archive, TarGz([(Top + "/", []), (Top + "/data_batch_1.bin", [1, 2, 3]), (member, "overwritten"u8.ToArray())]));
        string[] before = Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order().ToArray();

        var error = Assert.Throws<InvalidDataException>(() =>
            TarGzExtractor.Extract(archive, data, Top, "0123456789abcdef0123456789abcdef", ["data_batch_1.bin"]));

        Assert.Contains(member, error.Message);
        Assert.Contains("refused", error.Message);
        Assert.Equal("precious", File.ReadAllText(sentinel));
        Assert.Equal(before, Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order().ToArray());
        Assert.False(Directory.Exists(Path.Combine(data, Top))); // nothing half-extracted either
    }

    [Fact]
    public void Should_Extract_When_MembersStartWithDotSlashAsGnuTarWritesThem()
    {
        string data = Path.Combine(root, "data");
        string archive = Path.Combine(root, "ok.tar.gz");
        File.WriteAllBytes(archive, TarGz([("./", []), ("./" + Top + "/", []), ("./" + Top + "/data_batch_1.bin", [1, 2, 3])]));

        string folder = TarGzExtractor.Extract(archive, data, Top, "0123456789abcdef0123456789abcdef", ["data_batch_1.bin"]);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(folder, "data_batch_1.bin")));
    }

    private static byte[] TarGz(IEnumerable<(string Name, byte[] Data)> members)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach ((string name, byte[] data) in members)
            {
                bool directory = name.EndsWith('/');
                var entry = new GnuTarEntry(directory ? TarEntryType.Directory : TarEntryType.RegularFile, name);
                if (!directory) entry.DataStream = new MemoryStream(data);
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
