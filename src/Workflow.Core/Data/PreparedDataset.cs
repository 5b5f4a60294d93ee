using Workflow.Core.Net;

namespace Workflow.Core.Data;

/// <summary>An input file of a prepared dataset with its content hash (for the stage cache, design.md §5).</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Hash">Content hash (the published md5 for CIFAR archives, SHA-256 for generated files).</param>
public sealed record PreparedFile(string Path, long Size, ExpectedHash Hash);

/// <summary>A dataset ready to load: where its files are and what they hash to.</summary>
/// <param name="Name">Dataset.</param>
/// <param name="Folder">Folder holding the record files and class-name files.</param>
/// <param name="Inputs">The files whose content defines the dataset, with hashes.</param>
public sealed record PreparedDataset(DatasetName Name, string Folder, IReadOnlyList<PreparedFile> Inputs);
