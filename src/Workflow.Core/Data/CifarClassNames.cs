namespace Workflow.Core.Data;

/// <summary>Parses the class-name files of the CIFAR archives (<c>batches.meta.txt</c>, <c>fine_label_names.txt</c>,
/// <c>coarse_label_names.txt</c>): one name per line, label order; blank lines (the files end with some) are skipped.</summary>
public static class CifarClassNames
{
    /// <summary>The names in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
    }

    /// <summary>Reads and parses <paramref name="path"/>, checking there are at least <paramref name="minimumCount"/> names.</summary>
    public static IReadOnlyList<string> Read(string path, int minimumCount)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Class-name file {path} is missing. What to do: delete the extracted folder and run `idim data fetch` again.", path);
        IReadOnlyList<string> names = Parse(File.ReadAllText(path));
        if (names.Count < minimumCount)
            throw new InvalidDataException($"{path} lists {names.Count} class names; expected at least {minimumCount}. What to do: delete the extracted folder and fetch again.");
        return names;
    }
}
