using Workflow.Core.Data;

namespace Workflow.Core.Tests.Data;

/// <summary>IDIM_CIFAR_BASE_URL / IDIM_CIFAR_CHECKSUMS: a mirror of the official files, and a rehearsal's checksums.</summary>
public class CifarMirrorTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Should_KeepTorontoAndThePublishedChecksum_When_NothingIsSet()
    {
        CifarArchive archive = CifarMirror.Apply(CifarArchive.Cifar10, Env());

        Assert.Equal("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", archive.Url.ToString());
        Assert.Equal(("c32a1d4ab5d03f1284b67883e8d87530", 170_052_171L), (archive.Md5, archive.Size));
    }

    [Fact]
    public void Should_UseTheMirrorsCopyOfTheOfficialFile_When_TheBaseUrlIsSet()
    {
        CifarArchive archive = CifarMirror.Apply(CifarArchive.Cifar100, Env((CifarMirror.BaseUrlVariable, "http://127.0.0.1:8080/~kriz")));

        Assert.Equal("http://127.0.0.1:8080/~kriz/cifar-100-binary.tar.gz", archive.Url.ToString());
        Assert.Equal("03b5dce01913d631647c71ecec9e9cb8", archive.Md5); // a mirror serves the official bytes
    }

    [Fact]
    public void Should_ReplaceOnlyTheNamedArchivesChecksum_When_ChecksumsAreSet()
    {
        var env = Env((CifarMirror.ChecksumsVariable, "cifar-10-binary.tar.gz=1234:0123456789abcdef0123456789ABCDEF"));

        Assert.Equal((1234L, "0123456789abcdef0123456789abcdef"), (CifarMirror.Apply(CifarArchive.Cifar10, env).Size, CifarMirror.Apply(CifarArchive.Cifar10, env).Md5));
        Assert.Equal("03b5dce01913d631647c71ecec9e9cb8", CifarMirror.Apply(CifarArchive.Cifar100, env).Md5);
    }

    [Fact]
    public void Should_SayWhatIsExpected_When_TheSettingsAreMalformed()
    {
        var badUrl = Assert.Throws<InvalidDataException>(() => CifarMirror.Apply(CifarArchive.Cifar10, Env((CifarMirror.BaseUrlVariable, "ftp://x/"))));
        var badSum = Assert.Throws<InvalidDataException>(() => CifarMirror.Apply(CifarArchive.Cifar10, Env((CifarMirror.ChecksumsVariable, "cifar-10-binary.tar.gz=abc"))));

        Assert.Contains("IDIM_CIFAR_BASE_URL = 'ftp://x/' is not an http(s) URL", badUrl.Message);
        Assert.Contains("is not FILE=SIZE:MD5", badSum.Message);
    }
}
