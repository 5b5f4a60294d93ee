using Workflow.Core.Data.Images;
using Workflow.Core.Experiments;

namespace Workflow.Cli.Stages;

internal static class HubDatasetSource
{
    public static string Identity(StageContext context, ImageDatasetConfig source, DatasetConfig d) => throw new NotSupportedException("hub datasets: not yet");

    public static DecodedDataset Load(StageContext context, ImageDatasetConfig source, DatasetConfig d) => throw new NotSupportedException("hub datasets: not yet");
}
