using Workflow.Core.Data.Images;
using Workflow.Core.Experiments;

namespace Workflow.Pipeline;

/// <summary>An <c>imagefolder</c> dataset: its content identity for the fingerprint, and its decoded selection.</summary>
internal static class ImageFolderSource
{
    /// <summary>Changes exactly when a file is added, removed, renamed or changed (content hashes, re-hashed only when size or mtime moved).</summary>
    public static string Identity(StageContext context, ImageDatasetConfig source)
    {
        var index = ImageFolderIndex.Scan(source.Path!);
        var manifest = FileContentManifest.For(context.DataRoot, index.Root);
        return "imagefolder:" + manifest.Identity(index.Entries.Select(e => (e.RelativePath, index.FullPath(e))).ToArray());
    }

    public static DecodedDataset Load(ImageDatasetConfig source, DatasetConfig d)
    {
        var index = ImageFolderIndex.Scan(source.Path!);
        if (index.Unsupported.Count > 0)
        {
            string list = string.Join(", ", index.Unsupported.Take(5)) + (index.Unsupported.Count > 5 ? $" and {index.Unsupported.Count - 5} more" : "");
            if (source.OnBadImage == BadImagePolicy.Error)
                throw new InvalidDataException($"{index.Root} holds images in formats idim does not read (PNG and JPEG only): {list}. " +
                                               "What to do: convert them to PNG, remove them, or set dataset.on_bad_image: skip.");
            Console.WriteLine($"skipped: {index.Unsupported.Count} files that are not PNG or JPEG ({list})");
        }
        return SelectionDecoder.Decode(index.Entries.Select(e => e.Label).ToArray(), index.ClassNames,
            i => (File.ReadAllBytes(index.FullPath(index.Entries[i])), index.FullPath(index.Entries[i])),
            d.PerClass, (ulong)d.Seed, source.OnBadImage);
    }
}
