namespace Workflow.Core.Experiments;

/// <summary>What to do with an image that cannot be decoded.</summary>
public enum BadImagePolicy
{
    /// <summary>Stop with an error naming the file (the default).</summary>
    Error,

    /// <summary>Leave the image out and report how many were skipped.</summary>
    Skip,
}

/// <summary>
/// An image dataset the user brings: a local folder (one sub-folder per class, torchvision's <c>ImageFolder</c>) or a
/// Hugging Face Hub dataset repository (Parquet files with an image column of encoded PNG/JPEG bytes).
/// </summary>
/// <param name="Path">imagefolder: absolute path of the folder (a relative one is read from the experiment file's folder).</param>
/// <param name="Repo">hub: the dataset repo id, e.g. <c>uoft-cs/cifar10</c>.</param>
/// <param name="Revision">hub: branch, tag or commit (default <c>main</c>).</param>
/// <param name="ImageColumn">hub: the column of encoded images (default <c>image</c>, the name <c>datasets</c> uses).</param>
/// <param name="LabelColumn">hub: the integer class column (default <c>label</c>).</param>
/// <param name="OnBadImage"><c>error</c> or <c>skip</c> for files that do not decode.</param>
public sealed record ImageDatasetConfig(string? Path, string? Repo, string? Revision, string? ImageColumn, string? LabelColumn, BadImagePolicy OnBadImage);
