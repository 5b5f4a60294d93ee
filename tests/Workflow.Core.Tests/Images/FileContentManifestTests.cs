using Workflow.Core.Data.Images;

namespace Workflow.Core.Tests.Images;

public sealed class FileContentManifestTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idim-manifest-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private (string, string)[] Files(params string[] names) => names.Select(n => (n, Path.Combine(_root, n))).ToArray();

    [Fact]
    public void Should_HashOnlyChangedFiles_When_ScannedAgain()
    {
        File.WriteAllText(Path.Combine(_root, "a.png"), "one");
        File.WriteAllText(Path.Combine(_root, "b.png"), "two");
        var manifest = new FileContentManifest(Path.Combine(_root, "m", "manifest.json"));

        string first = manifest.Identity(Files("a.png", "b.png"));
        Assert.Equal(2, manifest.Rehashed);
        string again = manifest.Identity(Files("a.png", "b.png"));
        Assert.Equal(0, manifest.Rehashed);
        File.WriteAllText(Path.Combine(_root, "b.png"), "TWO");
        File.SetLastWriteTimeUtc(Path.Combine(_root, "b.png"), DateTime.UtcNow.AddMinutes(1));
        string changed = manifest.Identity(Files("a.png", "b.png"));

        Assert.Equal(first, again);
        Assert.Equal(1, manifest.Rehashed);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void Should_ChangeIdentity_When_AFileIsAddedOrRenamed()
    {
        File.WriteAllText(Path.Combine(_root, "a.png"), "one");
        File.WriteAllText(Path.Combine(_root, "b.png"), "one");
        var manifest = new FileContentManifest(Path.Combine(_root, "manifest.json"));

        string one = manifest.Identity(Files("a.png"));
        string two = manifest.Identity(Files("a.png", "b.png"));
        string renamed = manifest.Identity(Files("b.png"));

        Assert.Equal(3, new[] { one, two, renamed }.Distinct().Count());
    }
}
