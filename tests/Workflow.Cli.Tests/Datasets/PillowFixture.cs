using System.IO.Compression;
using Workflow.Core.IO;

namespace Workflow.Cli.Tests.Datasets;

/// <summary>The arrays Pillow 9.4 decoded the image-folder fixture to (folder-reference.npz, written by numpy).</summary>
internal static class PillowFixture
{
    public static (byte[] Pixels, IReadOnlyList<long> Shape) Array(string relative)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder-reference.npz"));
        var entry = zip.GetEntry(relative + ".npy") ?? throw new InvalidOperationException($"{relative} is not in the reference npz");
        using var stream = entry.Open();
        var header = NpyFile.ReadHeader(stream, relative);
        var pixels = new byte[header.Count];
        stream.ReadExactly(pixels);
        return (pixels, header.Shape);
    }
}
