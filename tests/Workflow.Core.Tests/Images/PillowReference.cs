using System.IO.Compression;
using System.Text.Json;
using Workflow.Core.IO;

namespace Workflow.Core.Tests.Images;

/// <summary>The image-folder fixture: files and the arrays Pillow 9.4 decoded them to (folder-reference.npz, written by numpy).</summary>
internal static class PillowReference
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder");

    private static string Npz => Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder-reference.npz");

    /// <summary>The relative paths (class/name) listed in folder-reference.json.</summary>
    public static IReadOnlyList<string> Files()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "images", "folder-reference.json")));
        return json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();
    }

    /// <summary>The reference H×W×3 array of <paramref name="relative"/>.</summary>
    public static (byte[] Pixels, IReadOnlyList<long> Shape) Array(string relative)
    {
        using var zip = ZipFile.OpenRead(Npz);
        var entry = zip.GetEntry(relative + ".npy") ?? throw new InvalidOperationException($"{relative} is not in the reference npz");
        using var stream = entry.Open();
        var header = NpyFile.ReadHeader(stream, relative);
        var pixels = new byte[header.Count];
        stream.ReadExactly(pixels);
        return (pixels, header.Shape);
    }
}
