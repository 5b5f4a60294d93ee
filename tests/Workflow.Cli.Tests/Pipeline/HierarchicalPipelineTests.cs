using Workflow.Core.IO;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Acceptance (issue 13): an experiment listing tiny Swin, ConvNeXt and ResNet models (next to a ViT) runs through Data,
/// Embed, TwoNN, Correlate and Report unchanged: one embedding file per stage output, each as wide as that stage, and a
/// report that lists every model.
/// </summary>
public sealed class HierarchicalPipelineTests : IDisposable
{
    private const string Models = """
          - name: vit
            tiny: { family: vit, seed: 1 }
          - name: swin
            tiny: { family: swin, seed: 4 }
          - name: convnext
            tiny: { family: convnext, seed: 5 }
          - name: resnet
            tiny: { family: resnet, seed: 6 }
        """;

    private readonly PipelineWorkspace _workspace = new(name: "zoo-e2e", perClass: 20, models: Models);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Should_EmbedEveryStageAtItsOwnWidthAndReportEveryModel_When_TheExperimentListsHierarchicalModels()
    {
        _workspace.RunAll();

        // Widths of the pooled (mean) vectors per hidden state: the tiny writers' stage widths.
        var expected = new Dictionary<string, int[]>
        {
            ["swin"] = [16, 32, 64, 64],
            ["convnext"] = [16, 16, 32, 48, 64],
            ["resnet"] = [16, 32, 64, 96, 128],
            ["vit"] = [64, 64, 64, 64, 64],
        };
        foreach (var (model, widths) in expected)
            for (int layer = 0; layer < widths.Length; layer++)
                Assert.Equal(widths[layer], VectorWidth(_workspace.PathOf($"embeddings/{model}/layer_{layer:D2}.parquet")));

        string[] twonn = File.ReadAllLines(_workspace.PathOf("twonn.csv"));
        foreach (string model in expected.Keys)
            Assert.Contains(twonn, l => l.StartsWith(model + ",", StringComparison.Ordinal));
        string report = File.ReadAllText(Directory.GetFiles(_workspace.Folder, "report.md", SearchOption.AllDirectories).Single());
        foreach (string model in expected.Keys) Assert.Contains(model, report);
    }

    private static int VectorWidth(string path) => EmbeddingParquet.Read(path).Vectors.Columns;
}
