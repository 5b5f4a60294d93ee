namespace Workflow.Pipeline;

/// <summary>The identity of a dataset's source for fingerprints: the archive's published checksum, or the generator's version.</summary>
internal static class DatasetSources
{
    /// <summary>The identity of the experiment's dataset: built-in ones by name, user datasets by their content.</summary>
    public static string Identity(StageContext context) => context.Experiment.Dataset switch
    {
        { Name: "imagefolder", Images: { } folder } => ImageFolderSource.Identity(context, folder),
        { Name: "hub", Images: { } hub } => HubDatasetSource.Identity(hub),
        var d => Identity(d.Name),
    };

    /// <summary>A string that changes exactly when the source data would change.</summary>
    public static string Identity(string dataset) => dataset switch
    {
        // Published md5 of the official binary archives (design.md §1), or a rehearsal's (CifarMirror); downloads are verified against them.
        "cifar10" => "md5:" + Workflow.Core.Data.CifarArchive.For(Workflow.Core.Data.DatasetName.Cifar10).Md5,
        "cifar100" => "md5:" + Workflow.Core.Data.CifarArchive.For(Workflow.Core.Data.DatasetName.Cifar100).Md5,
        "calibration" => "generator:" + Workflow.Core.Data.CalibrationDataset.GeneratorVersion,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "unknown dataset"),
    };

}
