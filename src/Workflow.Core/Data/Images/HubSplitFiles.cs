using System.Text;
using System.Text.RegularExpressions;

namespace Workflow.Core.Data.Images;

/// <summary>
/// Which Parquet files of a Hub dataset repo make a split, by <c>datasets</c>' rules (<c>data_files.py</c>): the dataset
/// card's <c>configs[].data_files</c> patterns when it has them; otherwise the default patterns, where a split's
/// keywords (train/training, validation/valid/dev/val, test/testing/eval/evaluation) appear as a folder name or at the
/// start of a file name followed by one of <c>-._ 0-9</c> — which covers <c>data/train-00000-of-00001.parquet</c> and
/// the parquet-converter's <c>refs/convert/parquet</c> layout <c>{config}/{split}/0000.parquet</c>.
/// </summary>
public static class HubSplitFiles
{
    private static readonly Dictionary<string, string[]> Keywords = new(StringComparer.Ordinal)
    {
        ["train"] = ["train", "training"],
        ["validation"] = ["validation", "valid", "dev", "val"],
        ["test"] = ["test", "testing", "eval", "evaluation"],
    };

    /// <summary>The split's Parquet files, sorted; the config they belong to (for class names).</summary>
    /// <exception cref="InvalidDataException">No Parquet file matches; lists what there is.</exception>
    public static (IReadOnlyList<string> Files, string? Config) Select(IReadOnlyList<string> files, HubDatasetCard card, string split, string repo)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(card);
        string[] parquet = files.Where(f => f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        var fromCard = card.DataFiles(split);
        string[] chosen;
        if (fromCard is { Patterns: { } patterns })
        {
            var regexes = patterns.Select(Glob).ToArray();
            chosen = parquet.Where(f => regexes.Any(r => r.IsMatch(f))).ToArray();
        }
        else
        {
            string[] words = Keywords.TryGetValue(split, out var known) ? known : [split];
            chosen = parquet.Where(f => InSplit(f, words)).ToArray();
        }
        if (chosen.Length == 0)
            throw new InvalidDataException(
                $"{repo} has no Parquet files for split '{split}'" + (fromCard is not null ? $" (config '{fromCard.Value.Config}' of its card)" : "") +
                $". Parquet files there: {(parquet.Length == 0 ? "none" : string.Join(", ", parquet.Take(10)))}. " +
                "What to do: check dataset.split, or use revision: refs/convert/parquet (the Hub's Parquet conversion) for datasets stored in other formats.");
        return (chosen, fromCard?.Config);
    }

    private static bool InSplit(string file, string[] words)
    {
        string[] parts = file.Split('/');
        foreach (string word in words)
        {
            if (parts[..^1].Any(p => p == word)) return true;
            string name = parts[^1];
            if (name.StartsWith(word, StringComparison.Ordinal) && name.Length > word.Length && "-._ 0123456789".Contains(name[word.Length])) return true;
        }
        return false;
    }

    /// <summary>fsspec-style glob: <c>**</c> crosses folders, <c>*</c> and <c>?</c> do not, <c>[…]</c> is a class.</summary>
    internal static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++; // "**/" also matches no folder
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[')
            {
                int close = pattern.IndexOf(']', i + 1);
                if (close < 0) regex.Append(@"\[");
                else
                {
                    regex.Append('[').Append(pattern[(i + 1)..close].Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                }
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
