namespace Workflow.Core.Data;

/// <summary>The datasets <see cref="DatasetCatalog"/> knows.</summary>
public enum DatasetName
{
    /// <summary>CIFAR-10 (binary version), 10 classes.</summary>
    Cifar10,

    /// <summary>CIFAR-100 (binary version), 100 fine / 20 coarse classes.</summary>
    Cifar100,

    /// <summary>The synthetic calibration set with known intrinsic dimension per class (<see cref="CalibrationDataset"/>).</summary>
    Calibration,
}

/// <summary>Which split of a dataset.</summary>
public enum DatasetSplit
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>The test split.</summary>
    Test,
}

/// <summary>Which label a CIFAR-100 record contributes; CIFAR-10 and calibration have only <see cref="Fine"/>.</summary>
public enum LabelKind
{
    /// <summary>The fine label (CIFAR-100: 100 classes; the only label of CIFAR-10).</summary>
    Fine,

    /// <summary>CIFAR-100's coarse label (20 superclasses).</summary>
    Coarse,
}

/// <summary>Record layouts of the CIFAR binary files.</summary>
public enum CifarRecordLayout
{
    /// <summary>1 label byte + 3072 pixel bytes.</summary>
    Cifar10,

    /// <summary>1 coarse label byte + 1 fine label byte + 3072 pixel bytes.</summary>
    Cifar100,
}
