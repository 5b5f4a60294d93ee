namespace Workflow.Core.Data;

/// <summary>Which images to use: dataset, split, per-class subsample and label granularity.</summary>
/// <param name="Name">Dataset.</param>
/// <param name="Split">Split.</param>
/// <param name="PerClass">Images kept per class (deterministic subsample); null keeps all.</param>
/// <param name="Seed">Seed of the subsample.</param>
/// <param name="Labels">Fine or coarse labels (coarse only for CIFAR-100).</param>
public sealed record DatasetSpec(
    DatasetName Name,
    DatasetSplit Split = DatasetSplit.Train,
    int? PerClass = null,
    ulong Seed = 0,
    LabelKind Labels = LabelKind.Fine)
{
    /// <summary>Parses a dataset name as written in configs and on the command line: <c>cifar10</c>, <c>cifar100</c>, <c>calibration</c>.</summary>
    public static DatasetName ParseName(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cifar10" or "cifar-10" => DatasetName.Cifar10,
        "cifar100" or "cifar-100" => DatasetName.Cifar100,
        "calibration" => DatasetName.Calibration,
        _ => throw new ArgumentException($"Unknown dataset '{text}'. Expected one of: cifar10, cifar100, calibration.", nameof(text)),
    };

    /// <summary>Parses <c>train</c> or <c>test</c>.</summary>
    public static DatasetSplit ParseSplit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "train" => DatasetSplit.Train,
        "test" => DatasetSplit.Test,
        _ => throw new ArgumentException($"Unknown split '{text}'. Expected train or test.", nameof(text)),
    };

    /// <summary>Parses <c>fine</c> or <c>coarse</c>.</summary>
    public static LabelKind ParseLabels(string text) => text.Trim().ToLowerInvariant() switch
    {
        "fine" => LabelKind.Fine,
        "coarse" => LabelKind.Coarse,
        _ => throw new ArgumentException($"Unknown label kind '{text}'. Expected fine or coarse.", nameof(text)),
    };

    /// <summary>The config spelling of <paramref name="name"/> (<c>cifar10</c>, <c>cifar100</c>, <c>calibration</c>).</summary>
    public static string FormatName(DatasetName name) => name.ToString().ToLowerInvariant();

    /// <summary>Throws when the combination is invalid (e.g. coarse labels on CIFAR-10, non-positive per_class).</summary>
    public void Validate()
    {
        if (PerClass is <= 0) throw new ArgumentException($"per_class must be positive, found {PerClass}.");
        if (Labels == LabelKind.Coarse && Name != DatasetName.Cifar100)
            throw new ArgumentException($"labels: coarse exists only for cifar100, found dataset {FormatName(Name)}. Use labels: fine.");
    }
}
