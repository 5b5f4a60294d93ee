namespace Workflow.Core.Data;

/// <summary>
/// One CIFAR binary archive as published at https://www.cs.toronto.edu/~kriz/cifar.html: where it is, its size
/// and md5, the folder it unpacks to and the member files of each split. <see cref="Cifar10"/> and
/// <see cref="Cifar100"/> hold the official values; tests point <see cref="Url"/> (and the checks) elsewhere with <c>with</c>.
/// </summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Url">Download URL.</param>
/// <param name="FileName">Archive file name in the data folder.</param>
/// <param name="Size">Published size in bytes.</param>
/// <param name="Md5">Published md5 (hex).</param>
/// <param name="FolderName">Top-level folder inside the archive.</param>
/// <param name="TrainFiles">Training batch files (inside <paramref name="FolderName"/>), in order.</param>
/// <param name="TestFiles">Test batch files.</param>
/// <param name="Layout">Record layout.</param>
/// <param name="FineNamesFile">Class-name file of the (fine) labels.</param>
/// <param name="CoarseNamesFile">Class-name file of the coarse labels (CIFAR-100 only).</param>
public sealed record CifarArchive(
    DatasetName Name,
    Uri Url,
    string FileName,
    long Size,
    string Md5,
    string FolderName,
    IReadOnlyList<string> TrainFiles,
    IReadOnlyList<string> TestFiles,
    CifarRecordLayout Layout,
    string FineNamesFile,
    string? CoarseNamesFile)
{
    /// <summary>CIFAR-10 binary: 170,052,171 bytes, md5 c32a1d4ab5d03f1284b67883e8d87530.</summary>
    public static CifarArchive Cifar10 { get; } = new(
        DatasetName.Cifar10,
        new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
        "cifar-10-binary.tar.gz",
        170_052_171,
        "c32a1d4ab5d03f1284b67883e8d87530",
        "cifar-10-batches-bin",
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
        ["test_batch.bin"],
        CifarRecordLayout.Cifar10,
        "batches.meta.txt",
        null);

    /// <summary>CIFAR-100 binary: 168,513,733 bytes, md5 03b5dce01913d631647c71ecec9e9cb8.</summary>
    public static CifarArchive Cifar100 { get; } = new(
        DatasetName.Cifar100,
        new Uri("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
        "cifar-100-binary.tar.gz",
        168_513_733,
        "03b5dce01913d631647c71ecec9e9cb8",
        "cifar-100-binary",
        ["train.bin"],
        ["test.bin"],
        CifarRecordLayout.Cifar100,
        "fine_label_names.txt",
        "coarse_label_names.txt");

    /// <summary>The archive of <paramref name="name"/>: the official one, or a mirror's (<see cref="CifarMirror"/>).</summary>
    public static CifarArchive For(DatasetName name) => CifarMirror.Apply(name switch
    {
        DatasetName.Cifar10 => Cifar10,
        DatasetName.Cifar100 => Cifar100,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Only CIFAR-10 and CIFAR-100 are downloaded archives."),
    });

    /// <summary>Batch files of <paramref name="split"/>.</summary>
    public IReadOnlyList<string> Files(DatasetSplit split) => split == DatasetSplit.Train ? TrainFiles : TestFiles;

    /// <summary>Class-name file for <paramref name="labels"/>.</summary>
    public string NamesFile(LabelKind labels) => labels == LabelKind.Coarse
        ? CoarseNamesFile ?? throw new ArgumentException($"{Name} has no coarse labels.", nameof(labels))
        : FineNamesFile;
}
