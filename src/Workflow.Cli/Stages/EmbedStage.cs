namespace Workflow.Cli.Stages;

/// <summary>
/// Embed stage, one cached unit per model (adding a model embeds only that model). The up-to-date check
/// uses the locally known weight hashes first, so an unchanged model is skipped without any network.
/// </summary>
internal static class EmbedStage
{
    public static int Run(StageContext context) => Run(context, null);

    /// <summary>Runs the stage; <paramref name="embedded"/> receives each embedded model's name and timing (not called for skipped models).</summary>
    public static int Run(StageContext context, Action<string, EmbedTiming>? embedded)
    {
        if (context.Cache.ReadRecord(PipelineUnits.DataKey) is null)
            throw new InvalidOperationException($"The Data stage has not run for '{context.Experiment.Name}': run `idim data --experiment {context.Settings.Experiment}` first.");
        foreach (var model in context.Experiment.Models)
        {
            var offline = PipelineUnits.Embed(context, model, ModelLocator.WeightsOffline(context, model));
            // A damaged tiny model or Hub blob is made whole before the check, even when the embeddings are up to date.
            string? sourceProblem = SourceChecks.ModelProblem(context, model);
            if (sourceProblem is not null) Console.Error.WriteLine("note: " + sourceProblem);
            if (!context.Settings.Force && sourceProblem is null && offline.Inputs is not null && offline.Status(context.Cache, context.Settings.Verify).UpToDate)
            {
                Console.WriteLine($"{offline.Key}: up to date");
                continue;
            }
            LocalModel local = ModelLocator.Prepare(context, model);
            var unit = PipelineUnits.Embed(context, model, local.Weights);
            var timing = new EmbedTiming();
            if (StageRunner.Run(context, unit.Key, unit.Inputs!, () => ModelEmbedder.Embed(context, model, local, timing)))
                embedded?.Invoke(model.Name, timing);
        }
        return 0;
    }
}
