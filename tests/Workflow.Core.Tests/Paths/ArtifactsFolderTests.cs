using Workflow.Core.Paths;

namespace Workflow.Core.Tests.Paths;

public class ArtifactsFolderTests
{
    [Fact]
    public void Should_FindRepositoryRoot_When_StartingInASubfolder()
    {
        string root = Directory.CreateTempSubdirectory("idim-root").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "Workflow.sln"), "");
            string nested = Directory.CreateDirectory(Path.Combine(root, "a", "b")).FullName;
            Assert.Equal(root, ArtifactsFolder.RepositoryRoot(nested));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
