namespace Workflow.Core.Data.Images;

/// <summary>One image file of an image folder: its path relative to the root ('/'-separated) and its class.</summary>
public sealed record ImageFolderEntry(string RelativePath, int Label);

/// <summary>
/// The files of an image-folder dataset in torchvision's <c>ImageFolder</c> order (<c>datasets.folder.make_dataset</c>):
/// classes are the sub-folder names sorted by code point (Python's <c>sorted</c>), each class's files are found
/// recursively and sorted, and the position in that list is the image's source index. Only PNG and JPEG files
/// (<c>.png .jpg .jpeg</c>, any case) are taken; files with other image extensions are listed as unsupported.
/// </summary>
public sealed class ImageFolderIndex
{
    private static readonly string[] Supported = [".png", ".jpg", ".jpeg"];

    // torchvision's IMG_EXTENSIONS that idim does not decode: named in errors rather than silently left out.
    private static readonly string[] OtherImages = [".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp", ".gif"];

    private ImageFolderIndex(string root, IReadOnlyList<string> classes, IReadOnlyList<ImageFolderEntry> entries, IReadOnlyList<string> unsupported)
    {
        Root = root;
        ClassNames = classes;
        Entries = entries;
        Unsupported = unsupported;
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Every PNG/JPEG file, class by class, sorted within a class.</summary>
    public IReadOnlyList<ImageFolderEntry> Entries { get; }

    /// <summary>Image files in formats idim does not read (relative paths).</summary>
    public IReadOnlyList<string> Unsupported { get; }

    /// <summary>Full path of an entry.</summary>
    public string FullPath(ImageFolderEntry entry) => Path.Combine(Root, entry.RelativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">No class folders, or a class without images.</exception>
    public static ImageFolderIndex Scan(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Image folder {root} does not exist. What to do: set dataset.path to a folder with one sub-folder of images per class.");
        string[] classes = Directory.GetDirectories(root).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()!;
        if (classes.Length == 0)
            throw new InvalidDataException($"Image folder {root} has no class sub-folders. What to do: put each class's images in a sub-folder named after the class (torchvision's ImageFolder layout).");
        var entries = new List<ImageFolderEntry>();
        var unsupported = new List<string>();
        for (int label = 0; label < classes.Length; label++)
        {
            string folder = Path.Combine(root, classes[label]);
            string[] files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal).ToArray();
            int before = entries.Count;
            foreach (string file in files)
            {
                string extension = Path.GetExtension(file).ToLowerInvariant();
                if (Supported.Contains(extension)) entries.Add(new ImageFolderEntry(file, label));
                else if (OtherImages.Contains(extension)) unsupported.Add(file);
            }
            if (entries.Count == before)
                throw new InvalidDataException($"Class folder {folder} holds no PNG or JPEG file. What to do: add images or remove the folder.");
        }
        return new ImageFolderIndex(root, classes, entries, unsupported);
    }
}
