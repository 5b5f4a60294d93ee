using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Workflow.Torch.Rehearsal;

/// <summary>One file of a repo's main branch as its <c>files.txt</c> lists it.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Bytes">Its size: exact where files.txt gives bytes, else the tree page's rounded decimal size; null when not shown.</param>
/// <param name="Lfs">Stored in LFS (the Hub redirects downloads to its storage host).</param>
public sealed record RepoFile(string Name, long? Bytes, bool Lfs);

/// <summary>
/// The nine poster repos as the Hub has them (Rehearsal/PosterRepos, copied from the project's probe: README.md there
/// says which files are byte-exact): real <c>config.json</c> and <c>preprocessor_config.json</c>, and the main
/// branch's file list. Embedded so <c>idim rehearse</c> and <c>idim plan</c> work from the binary alone.
/// </summary>
public static class PosterRepos
{
    /// <summary>The nine repo ids, in the order of experiments/cifar10.yaml.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "facebook/data2vec-vision-base", "facebook/data2vec-vision-base-ft1k", "google/vit-base-patch16-224",
        "google/vit-large-patch16-224", "google/vit-huge-patch14-224-in21k", "nateraw/vit-base-patch16-224-cifar10",
        "microsoft/beit-base-patch16-224", "microsoft/beit-large-patch16-224", "jadohu/BEiT-finetuned",
    ];

    /// <summary>True for one of the nine.</summary>
    public static bool Contains(string repoId) => All.Contains(repoId);

    /// <summary>The real <c>config.json</c> text.</summary>
    public static string Config(string repoId) => Text(repoId, "config.json");

    /// <summary>The real <c>preprocessor_config.json</c> text.</summary>
    public static string Preprocessor(string repoId) => Text(repoId, "preprocessor_config.json");

    /// <summary>The main branch's files (files.txt without comments; folders such as <c>runs/...</c> left out).</summary>
    public static IReadOnlyList<RepoFile> Files(string repoId) =>
        Text(repoId, "files.txt").Split('\n').Select(ParseLine).OfType<RepoFile>().ToList();

    /// <summary>The weights transformers loads from main: model.safetensors when present, else pytorch_model.bin.</summary>
    public static WeightFormat Format(string repoId) =>
        Files(repoId).Any(f => f.Name == Weights.CheckpointFiles.Safetensors) ? WeightFormat.Safetensors : WeightFormat.PyTorchBin;

    /// <summary>The weight file that format names, with its listed size.</summary>
    public static RepoFile WeightFile(string repoId)
    {
        string name = Format(repoId) == WeightFormat.Safetensors ? Weights.CheckpointFiles.Safetensors : Weights.CheckpointFiles.PyTorch;
        return Files(repoId).First(f => f.Name == name);
    }

    /// <summary>
    /// A stand-in for the repo's main commit (files.txt gives only abbreviations): the SHA-1 of "rehearsal:" + repo id,
    /// 40 hex digits like a real one, the same on every machine.
    /// </summary>
    public static string RehearsalCommit(string repoId) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("rehearsal:" + repoId)));

    private static RepoFile? ParseLine(string line)
    {
        line = line.TrimEnd('\r');
        if (line.Length == 0 || line.StartsWith('#')) return null;
        string name = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[0];
        if (name.EndsWith("/...", StringComparison.Ordinal)) return null;
        string rest = line[name.Length..];
        // An exact byte count in parentheses ("(exact: 69665 B", "(2530317952 B)") or as the size column
        // ("346883051 B") beats the tree page's rounded decimal size ("69.7 kB", "2.53 GB").
        Match exact = Regex.Match(rest, @"\((?:[a-z/ ]+: |reconstructed file is )?(\d+) B\b");
        Match column = Regex.Match(rest, @"^\s+(\d+(?:\.\d+)?) (B|kB|MB|GB)\b");
        long? bytes = null;
        if (exact.Success) bytes = long.Parse(exact.Groups[1].Value, CultureInfo.InvariantCulture);
        else if (column.Success)
            bytes = (long)Math.Round(double.Parse(column.Groups[1].Value, CultureInfo.InvariantCulture) *
                                     column.Groups[2].Value switch { "kB" => 1e3, "MB" => 1e6, "GB" => 1e9, _ => 1 });
        return new RepoFile(name, bytes, Regex.IsMatch(rest, @"\bLFS\b"));
    }

    private static string Text(string repoId, string file)
    {
        if (!Contains(repoId))
            throw new ArgumentException($"{repoId} is not one of the nine poster repos ({string.Join(", ", All)}).", nameof(repoId));
        string name = $"PosterRepos/{repoId.Replace("/", "__", StringComparison.Ordinal)}/{file}";
        using Stream stream = typeof(PosterRepos).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(PosterRepos).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }
}
