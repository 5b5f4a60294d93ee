using Workflow.Core.Cache;
using Workflow.Core.Correlate;

namespace Workflow.Cli.Stages;

/// <summary>Correlate stage: model × model correlations of per-class IDs → <c>correlation.json</c> and <c>correlation.csv</c>.</summary>
internal static class CorrelateStage
{
    public static int Run(StageContext context)
    {
        var unit = PipelineUnits.Correlate(context);
        if (unit.Inputs is null) throw new InvalidOperationException($"Correlate cannot run yet: it {unit.UnknownBecause}. Run the TwoNN stage first.");
        StageRunner.Run(context, unit.Key, unit.Inputs, () =>
        {
            var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
            var trueDims = classes.LatentDims?.ToDictionary(p => p.Key, p => (double)p.Value);
            var result = CorrelateFiles.Run(context.Cache.PathOf(StageNames.TwoNnCsv), context.Folder,
                context.Experiment.Correlation.Summary, context.Experiment.TwoNn.Estimator, trueDims);
            return [context.Cache.PathOf(StageNames.CorrelationJson), context.Cache.PathOf(StageNames.CorrelationCsv)];
        });
        return 0;
    }
}
