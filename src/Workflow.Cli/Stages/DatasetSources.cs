namespace Workflow.Cli.Stages;

/// <summary>The identity of a dataset's source for fingerprints: the archive's published checksum, or the generator's version.</summary>
internal static class DatasetSources
{
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
