using Workflow.Core.Experiments;
using Workflow.Torch.Models;

namespace Workflow.Cli.Tests.Commands;

/// <summary><c>idim make-tiny-model --family swin|convnext|resnet</c>, and experiments accepting the same families.</summary>
public sealed class HierarchicalTinyModelCommandTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-make-tiny-h-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Theory]
    [InlineData("swin")]
    [InlineData("convnext")]
    [InlineData("resnet")]
    public void Should_WriteALoadableFolder_When_MakingATinyHierarchicalModel(string family)
    {
        string folder = Path.Combine(work, family);

        var (code, output, error) = CliRunner.Run("make-tiny-model", "--family", family, "--seed", "3", "--output", folder);

        Assert.True(code == 0, output + error);
        Assert.Contains($"wrote tiny {family} (seed 3)", output);
        Assert.Equal(family, ModelFamilies.LoadConfig(Path.Combine(folder, "config.json")).ModelType);
        Assert.True(File.Exists(Path.Combine(folder, "preprocessor_config.json")));
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public void Should_AcceptTheSameTinyFamilies_When_ExperimentsAndTheRegistryAreCompared()
    {
        // experiments/*.yaml validate `tiny.family` in Workflow.Core (no Torch reference); the registry writes them.
        Assert.Equal(ModelFamilies.TinyFamilies.Order(), ExperimentLoader.TinyFamilies.Order());
    }
}
