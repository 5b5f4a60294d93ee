using Workflow.Core.Images;

namespace Workflow.Core.Data.Images;

/// <summary>A user dataset after selection and decoding: images of any sizes with labels, source indices and class names.</summary>
/// <param name="Images">The decoded images, class by class.</param>
/// <param name="Labels">Label of each image.</param>
/// <param name="SourceIndices">Position of each image in the dataset's full, ordered list (folder order or Parquet row).</param>
/// <param name="ClassNames">Name of each label value.</param>
/// <param name="Skipped">Files that did not decode and were left out (<c>on_bad_image: skip</c>), with the reason.</param>
public sealed record DecodedDataset(
    IReadOnlyList<RgbImage> Images,
    int[] Labels,
    int[] SourceIndices,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> Skipped);
