namespace Workflow.Pipeline;

/// <summary>
/// The pipeline's stages: the one place they are listed. <c>idim graph --json</c>, <c>idim plan</c>, the stage
/// commands and the Cake script (which makes one task per stage from <c>idim graph --json</c>) all read this graph.
/// A new stage is a folder with a class deriving from <see cref="Stage"/> and one entry here; its dependencies place it.
/// </summary>
internal static class StageRegistry
{
    /// <summary>The declared graph (Data → Embed → TwoNN → Correlate → Report).</summary>
    public static PipelineGraph Graph { get; } = new(
    [
        new DataStage(),
        new EmbedStage(),
        new TwoNnStage(),
        new EstimatorsStage(),
        new SimilarityStage(),
        new CorrelateStage(),
        new ReportStage(),
    ]);
}
