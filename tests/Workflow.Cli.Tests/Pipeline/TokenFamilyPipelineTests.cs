namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Acceptance (issue 13): an experiment listing one tiny model of every token family (written by the tiny writer of
/// each family row, loaded like a Hub checkpoint) runs Data → Embed → TwoNN → Correlate → Report unchanged.
/// </summary>
public sealed class TokenFamilyPipelineTests : IDisposable
{
    private static readonly string[] Families = ["deit", "dinov2", "clip_vision_model", "clip", "siglip_vision_model", "siglip", "vit_mae"];

    private readonly PipelineWorkspace _workspace = new("zoo", perClass: 12,
        models: string.Concat(Families.Select((f, i) => $"  - name: tiny-{f.Replace('_', '-')}\n    tiny: {{ family: {f}, seed: {i + 1} }}\n")));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Should_ProduceAReportWithEveryTokenFamily_When_RunningThePipeline()
    {
        _workspace.RunAll();

        string report = File.ReadAllText(_workspace.PathOf("report/report.md"));
        foreach (string family in Families)
        {
            string name = "tiny-" + family.Replace('_', '-');
            Assert.Contains(name, report);
            // The tiny writers use 4 layers: hidden_states.0..4, one embedding file each.
            for (int layer = 0; layer <= 4; layer++)
                Assert.True(File.Exists(_workspace.PathOf($"embeddings/{name}/layer_{layer:00}.parquet")), $"{name} layer {layer}");
            Assert.False(File.Exists(_workspace.PathOf($"embeddings/{name}/layer_05.parquet")), name);
        }
    }
}
