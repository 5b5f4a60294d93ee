namespace Workflow.Torch.Tests.Runtime;

/// <summary>
/// The Debian 12 fix-up (design.md §2) on a copy of the real libLibTorchSharp.so from the NuGet cache: the
/// GLIBCXX_3.4.32 need starts strict, becomes weak, and a second run changes nothing.
/// </summary>
public sealed class ElfVersionNeedsTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string _folder = Directory.CreateTempSubdirectory("idim-elf").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private static string? OriginalLibrary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    [SkippableFact]
    public void Should_MarkTheNeedWeakOnce_When_PatchedTwice()
    {
        string? original = OriginalLibrary();
        Skip.If(original is null, "libLibTorchSharp.so of TorchSharp 0.107.0 is not in the NuGet cache");
        string copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.Copy(original!, copy);
        var mtime = File.GetLastWriteTimeUtc(copy);
        byte[] before = File.ReadAllBytes(copy);

        Assert.False(ElfVersionNeeds.IsWeak(copy, Version));
        Assert.StartsWith("patched", ElfVersionNeeds.MakeWeak(copy, Version));
        Assert.True(ElfVersionNeeds.IsWeak(copy, Version));
        Assert.StartsWith("already fixed", ElfVersionNeeds.MakeWeak(copy, Version));

        byte[] after = File.ReadAllBytes(copy);
        // Exactly one byte differs: the low byte of vna_flags gains VER_FLG_WEAK (0x2).
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Single(changed);
        Assert.Equal(before[changed[0]] | ElfVersionNeeds.VerFlgWeak, after[changed[0]]);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(copy)); // incremental copies still see it as up to date
    }

    [Fact]
    public void Should_RejectFile_When_ItIsNotElf()
    {
        string path = Path.Combine(_folder, "not-elf.so");
        File.WriteAllBytes(path, new byte[128]);
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.IsWeak(path, Version));
    }
}
