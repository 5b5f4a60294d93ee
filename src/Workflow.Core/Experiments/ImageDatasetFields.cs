using System.Text.RegularExpressions;

namespace Workflow.Core.Experiments;

/// <summary>Reads and checks the <c>dataset:</c> fields of <c>imagefolder</c> and <c>hub</c> datasets.</summary>
internal static partial class ImageDatasetFields
{
    /// <summary>Keys only these datasets take.</summary>
    public static readonly string[] Keys = ["path", "repo", "revision", "image_column", "label_column", "on_bad_image"];

    public static DatasetConfig Read(YamlFields d, string name, string experimentFolder)
    {
        int perClass = d.Int("per_class", 500, min: 3);
        int seed = d.Int("seed", 0, min: 0);
        string labels = d.Choice("labels", "fine", "fine");
        var policy = d.Choice("on_bad_image", "error", "error", "skip") == "skip" ? BadImagePolicy.Skip : BadImagePolicy.Error;
        if (name == "imagefolder")
        {
            foreach (string key in new[] { "repo", "revision", "image_column", "label_column", "split" })
                if (d.Has(key)) throw d.Error(key, d.OptionalString(key), "nothing: an imagefolder dataset takes path (and per_class, seed, on_bad_image)");
            string path = d.RequiredString("path", "the folder holding one sub-folder of images per class");
            string full = System.IO.Path.GetFullPath(path, experimentFolder);
            return new DatasetConfig(name, "train", perClass, seed, labels, new ImageDatasetConfig(full, null, null, null, null, policy));
        }

        if (d.Has("path")) throw d.Error("path", d.OptionalString("path"), "nothing: a hub dataset takes repo, revision, split, image_column, label_column");
        string repo = d.RequiredString("repo", "a Hugging Face dataset repo id such as uoft-cs/cifar10");
        if (!RepoPattern().IsMatch(repo) || repo.Contains("..", StringComparison.Ordinal))
            throw d.Error("repo", repo, "a Hugging Face dataset repo id such as uoft-cs/cifar10");
        string split = d.OptionalString("split") ?? "train";
        if (!ColumnPattern().IsMatch(split)) throw d.Error("split", split, "a split name such as train, test or validation");
        string revision = d.OptionalString("revision") ?? "main";
        string image = d.OptionalString("image_column") ?? "image";
        string label = d.OptionalString("label_column") ?? "label";
        foreach (var (key, value) in new[] { ("image_column", image), ("label_column", label) })
            if (!ColumnPattern().IsMatch(value)) throw d.Error(key, value, "a column name (letters, digits, '_', '-', '.')");
        return new DatasetConfig(name, split, perClass, seed, labels, new ImageDatasetConfig(null, repo, revision, image, label, policy));
    }

    /// <summary>The built-in datasets take none of these keys.</summary>
    public static void RejectOutside(YamlFields d, string name)
    {
        foreach (string key in Keys)
            if (d.Has(key)) throw d.Error(key, d.OptionalString(key), $"nothing: '{key}' belongs to imagefolder or hub datasets, not {name}");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepoPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex ColumnPattern();
}
