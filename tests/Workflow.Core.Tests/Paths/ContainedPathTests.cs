using Workflow.Core.Paths;

namespace Workflow.Core.Tests.Paths;

public class ContainedPathTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "idim-root");

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("sub/model-00001-of-00002.safetensors")]
    [InlineData("a.b/..c/d..")] // dots inside names are fine; only whole '.'/'..' segments are not
    public void Should_ResolveInsideTheRoot_When_TheNameIsAPlainRelativePath(string name)
    {
        string path = ContainedPath.Resolve(Root, name, reason => new InvalidDataException(reason));

        Assert.Equal(Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar)), path);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x", "'..' path segment")]
    [InlineData("sub/../../x", "'..' path segment")]
    [InlineData("sub/..", "'..' path segment")]
    [InlineData("./x", "'.' path segment")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:x", "absolute")]
    [InlineData(@"..\x", "backslash")]
    [InlineData("a//b", "empty path segment")]
    [InlineData("a/", "empty path segment")]
    [InlineData("a\0b", "control character")]
    public void Should_Refuse_When_TheNameCouldLeaveTheRoot(string name, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => ContainedPath.Resolve(Root, name, r => new InvalidDataException(r)));

        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("main", null)]
    [InlineData("refs/pr/12", null)]
    [InlineData("v1.0", null)]
    [InlineData("4f1e9ad3d2c1b0a99887766554433221100ffeed", null)]
    [InlineData("../../PWN_rev", "'..' path segment")]
    [InlineData("/PWN", "absolute")]
    [InlineData(@"refs\pr\1", "backslash")]
    [InlineData("a..b", "'..'")]            // git check-ref-format: no '..' anywhere
    [InlineData("main.lock", "'.lock'")]
    [InlineData(".hidden", "starts with '.'")]
    [InlineData("a b", "' '")]
    [InlineData("ab:c", "':'")]
    [InlineData("a@{1}", "'@{'")]
    [InlineData("@", "'@' alone")]
    [InlineData("main.", "ends with '.'")]
    public void Should_FollowGitCheckRefFormat_When_CheckingARevision(string revision, string? reason)
    {
        string? problem = RevisionName.Problem(revision);

        if (reason is null) Assert.Null(problem);
        else Assert.Contains(reason, problem);
    }

    [Fact]
    public void Should_CompareWholeSegments_When_TestingContainment()
    {
        Assert.True(ContainedPath.IsInside(Root, Path.Combine(Root, "a")));
        Assert.False(ContainedPath.IsInside(Root, Root + "-sibling/a")); // a prefix of the name is not containment
        Assert.False(ContainedPath.IsInside(Root, Root));
    }
}
