using Workflow.Core.Data.Images;

namespace Workflow.Core.Tests.Images;

public sealed class ImageFolderIndexTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idim-folder-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    [Fact]
    public void Should_OrderClassesAndFilesLikeTorchvision_When_Scanned()
    {
        // sorted() on str: code-point order, so "Zebra" < "apple" and "b10" < "b2".
        foreach (string f in new[] { "apple/b2.jpg", "apple/b10.JPG", "apple/nested/a.png", "Zebra/z.jpeg", "apple/notes.txt" }) Touch(f);

        var index = ImageFolderIndex.Scan(_root);

        Assert.Equal(["Zebra", "apple"], index.ClassNames);
        Assert.Equal(["Zebra/z.jpeg", "apple/b10.JPG", "apple/b2.jpg", "apple/nested/a.png"], index.Entries.Select(e => e.RelativePath));
        Assert.Equal([0, 1, 1, 1], index.Entries.Select(e => e.Label));
    }

    [Fact]
    public void Should_ListOtherImageFormats_When_FolderHasThem()
    {
        Touch("cat/a.png");
        Touch("cat/b.webp");

        Assert.Equal(["cat/b.webp"], ImageFolderIndex.Scan(_root).Unsupported);
    }

    [Fact]
    public void Should_SayWhatToDo_When_AClassFolderIsEmpty()
    {
        Touch("cat/a.png");
        Directory.CreateDirectory(Path.Combine(_root, "dog"));

        var e = Assert.Throws<InvalidDataException>(() => ImageFolderIndex.Scan(_root));

        Assert.Contains("dog", e.Message);
    }
}
