using System.Text.RegularExpressions;
using Workflow.Core.Paths;
using Workflow.Core.TwoNn;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workflow.Core.Experiments;

/// <summary>
/// Reads and validates an experiment YAML file before anything runs (the Snakemake habit: schema first).
/// <c>--experiment</c> takes a name (<c>experiments/&lt;name&gt;.yaml</c> in the repository) or a path.
/// </summary>
public static partial class ExperimentLoader
{
    /// <summary>Dataset names understood by the data stage.</summary>
    public static readonly string[] Datasets = ["calibration", "cifar10", "cifar100", "imagefolder", "hub"];

    /// <summary>Model families a tiny model can be made of.</summary>
    public static readonly string[] TinyFamilies = ["vit", "beit", "data2vec-vision", "deit", "dinov2", "clip_vision_model", "clip", "siglip_vision_model", "siglip", "vit_mae", "swin", "convnext", "resnet"];

    private static readonly string[] TopKeys = ["name", "description", "numerics", "dataset", "models", "embedding", "twonn", "correlation", "slurm", "estimators", "similarity"];
    private static readonly string[] DatasetKeys = ["name", "split", "per_class", "seed", "labels", .. ImageDatasetFields.Keys];
    private static readonly string[] ModelKeys = ["name", "repo", "revision", "path", "tiny"];
    private static readonly string[] TinyKeys = ["family", "seed"];
    private static readonly string[] EmbeddingKeys = ["pooling", "layers", "batch_size", "device", "dtype"];
    private static readonly string[] TwoNnKeys = ["estimator", "discard_fraction", "convention", "merge_below", "bootstrap", "seed", "pixels"];
    private static readonly string[] CorrelationKeys = ["summary", "permutations"];
    private static readonly string[] EstimatorsKeys = ["methods", "range_max", "mle_k", "resamples", "fraction", "permutations", "seed"];
    private static readonly string[] SimilarityKeys = ["measures", "k", "permutations", "cka_permutation_max_images", "seed"];
    private static readonly string[] SlurmKeys = ["partition", "account", "gpus_per_task", "cpus_per_task", "mem", "time", "sbatch_args"];

    /// <summary>Finds the file for <paramref name="nameOrPath"/>: an existing path, else <c>experiments/&lt;name&gt;.yaml</c> under the repository root.</summary>
    /// <exception cref="ExperimentConfigException">No such experiment; lists the known ones.</exception>
    public static string Locate(string nameOrPath, string? workingDirectory = null)
    {
        string cwd = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        string asPath = Path.GetFullPath(nameOrPath, cwd);
        if (File.Exists(asPath)) return asPath;
        if (nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || nameOrPath.Contains('/') || nameOrPath.Contains('\\'))
            throw new ExperimentConfigException($"No experiment file {asPath} (relative paths are relative to {cwd}).");
        string folder = Path.Combine(ArtifactsFolder.RepositoryRoot(cwd) ?? cwd, "experiments");
        string byName = Path.Combine(folder, nameOrPath + ".yaml");
        if (File.Exists(byName)) return byName;
        string known = Directory.Exists(folder)
            ? string.Join(", ", Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
            : "(no experiments/ folder found)";
        throw new ExperimentConfigException(
            $"No experiment '{nameOrPath}': neither a file nor experiments/{nameOrPath}.yaml. Known experiments: {known}.");
    }

    /// <summary>Locates, reads and validates an experiment.</summary>
    public static ExperimentConfig Load(string nameOrPath, string? workingDirectory = null)
    {
        string path = Locate(nameOrPath, workingDirectory);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates experiment YAML; <paramref name="sourcePath"/> is used in messages.</summary>
    /// <exception cref="ExperimentConfigException">Names the field, the value and what is allowed.</exception>
    public static ExperimentConfig Parse(string yaml, string sourcePath)
    {
        string file = Path.GetFileName(sourcePath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ExperimentConfigException($"{file}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode rootNode)
            throw new ExperimentConfigException($"{file}: expected one YAML document whose top level is a mapping ({string.Join(", ", TopKeys)}).");

        var top = new YamlFields(file, "", rootNode, TopKeys);
        string name = top.RequiredString("name", "a name made of letters, digits, '-', '_' or '.'");
        if (!SlugPattern().IsMatch(name)) throw top.Error("name", name, "a name made of letters, digits, '-', '_' or '.'");

        var dataset = ReadDataset(top.Mapping("dataset", DatasetKeys, required: true)!, Path.GetDirectoryName(Path.GetFullPath(sourcePath))!);
        var models = ReadModels(file, top);
        var embedding = ReadEmbedding(top.Mapping("embedding", EmbeddingKeys, required: false));
        var twonn = ReadTwoNn(top.Mapping("twonn", TwoNnKeys, required: false));
        var correlation = ReadCorrelation(top.Mapping("correlation", CorrelationKeys, required: false));
        string numerics = top.Choice("numerics", Numerics.NumericsModes.Names[0], Numerics.NumericsModes.Names);
        var slurm = ReadSlurm(top.Mapping("slurm", SlurmKeys, required: false));
        return new ExperimentConfig(name, top.OptionalString("description"), dataset, models, embedding, twonn, correlation, Path.GetFullPath(sourcePath), numerics)
        {
            Slurm = slurm,
            Estimators = ReadEstimators(top.Mapping("estimators", EstimatorsKeys, required: false)),
            Similarity = ReadSimilarity(top.Mapping("similarity", SimilarityKeys, required: false)),
        };
    }

    private static DatasetConfig ReadDataset(YamlFields d, string experimentFolder)
    {
        string name = d.Choice("name", "", Datasets);
        if (name is "imagefolder" or "hub") return ImageDatasetFields.Read(d, name, experimentFolder);
        ImageDatasetFields.RejectOutside(d, name);
        string split = d.Choice("split", "train", "train", "test");
        int perClass = d.Int("per_class", 500, min: 3);
        int seed = d.Int("seed", 0, min: 0);
        string labels = d.Choice("labels", "fine", "fine", "coarse");
        if (labels == "coarse" && name != "cifar100") throw d.Error("labels", labels, "'fine' (coarse labels exist only for cifar100)");
        return new DatasetConfig(name, split, perClass, seed, labels);
    }

    private static List<ModelConfig> ReadModels(string file, YamlFields top)
    {
        var items = top.Sequence("models") ?? throw top.Error("models", null, "a non-empty list of models");
        if (items.Count == 0) throw top.Error("models", "[]", "a non-empty list of models");
        var models = new List<ModelConfig>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingNode node) throw top.Error($"models[{i}]", items[i].ToString(), "a mapping with name and one of repo, path or tiny");
            var m = new YamlFields(file, $"models[{i}]", node, ModelKeys);
            string name = m.RequiredString("name", "a short model name (letters, digits, '-', '_', '.')");
            if (!SlugPattern().IsMatch(name) || name == "pixels") throw m.Error("name", name, "a short model name made of letters, digits, '-', '_' or '.' (and not 'pixels', which is reserved)");
            // Names become folder names: 'a' and 'A' would share one folder on a case-insensitive file system.
            if (models.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw m.Error("name", name, "a name not used by another model of this experiment (names differing only in case collide on macOS and Windows)");
            string? repo = m.OptionalString("repo");
            string? path = m.OptionalString("path");
            var tinyFields = m.Mapping("tiny", TinyKeys, required: false);
            int sources = (repo is null ? 0 : 1) + (path is null ? 0 : 1) + (tinyFields is null ? 0 : 1);
            if (sources != 1) throw m.Error("repo", repo, "exactly one of 'repo' (Hugging Face repo id), 'path' (local folder) or 'tiny' (family + seed)");
            if (repo is not null && !RepoPattern().IsMatch(repo)) throw m.Error("repo", repo, "a Hugging Face repo id such as google/vit-base-patch16-224");
            string? revision = m.OptionalString("revision");
            if (revision is not null && repo is null) throw m.Error("revision", revision, "no revision unless 'repo' is set");
            if (revision is not null && RevisionName.Problem(revision) is { } revisionProblem)
                throw m.Error("revision", revision, $"a branch, tag, commit or refs/pr/N ({revisionProblem})");
            TinyModelConfig? tiny = tinyFields is null ? null
                : new TinyModelConfig(tinyFields.Choice("family", "", TinyFamilies), tinyFields.Int("seed", 0, min: 0));
            models.Add(new ModelConfig(name, repo, revision, path, tiny));
        }
        return models;
    }

    private static EmbeddingConfig ReadEmbedding(YamlFields? e) => e is null
        ? new EmbeddingConfig("cls", null, 32, "auto", "float32")
        : new EmbeddingConfig(
            e.Choice("pooling", "cls", "cls", "mean", "flatten"),
            e.WordOrIntList("layers", "all"),
            e.Int("batch_size", 32, min: 1, max: 4096),
            e.Choice("device", "auto", "auto", "cpu", "cuda"),
            e.Choice("dtype", "float32", "float32", "bfloat16", "float16"));

    private static TwoNnConfig ReadTwoNn(YamlFields? t) => t is null
        ? new TwoNnConfig("fit", TwoNnDefaults.DiscardFraction, "standard", null, TwoNnDefaults.BootstrapCount, TwoNnDefaults.Seed, false)
        : new TwoNnConfig(
            t.Choice("estimator", "fit", "fit", "mle"),
            t.Double("discard_fraction", TwoNnDefaults.DiscardFraction, 0, 1),
            t.Choice("convention", "standard", "standard", "facco"),
            t.OptionalPositiveDouble("merge_below"),
            t.Int("bootstrap", TwoNnDefaults.BootstrapCount, min: 0, max: 100_000),
            t.Int("seed", TwoNnDefaults.Seed, min: 0),
            t.Bool("pixels", false));

    private static CorrelationConfig ReadCorrelation(YamlFields? c)
    {
        if (c is null) return new CorrelationConfig("last");
        string summary = c.OptionalString("summary") ?? "last";
        bool ok = summary is "last" or "max" or "mean"
            || int.TryParse(summary, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0
            || double.TryParse(summary, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double depth) && depth is >= 0 and <= 1;
        if (!ok) throw c.Error("summary", summary, "last, max, mean, a layer index (integer ≥ 0) or a relative depth in [0, 1]");
        return new CorrelationConfig(summary, c.Int("permutations", CorrelationConfig.DefaultPermutations, min: 0, max: 10_000_000));
    }

    private static EstimatorsConfig ReadEstimators(YamlFields? e) => e is null ? EstimatorsConfig.None : new EstimatorsConfig(
        Words(e, "methods", EstimatorsConfig.AllMethods),
        e.Int("range_max", 64, min: 2, max: 1024),
        e.Int("mle_k", 20, min: 2, max: 1024),
        e.Int("resamples", 10, min: 0, max: 10_000),
        e.Double("fraction", 0.9, 0.05, 1.0000001),
        e.Int("permutations", 10000, min: 0, max: 10_000_000),
        e.Int("seed", 42, min: 0));

    private static SimilarityConfig ReadSimilarity(YamlFields? s) => s is null ? SimilarityConfig.None : new SimilarityConfig(
        Words(s, "measures", SimilarityConfig.AllMeasures),
        s.Int("k", 10, min: 1, max: 1024),
        s.Int("permutations", 200, min: 0, max: 1_000_000),
        s.Int("cka_permutation_max_images", 1000, min: 0),
        s.Int("seed", 42, min: 0));

    /// <summary>A list of words from <paramref name="allowed"/> (absent: all of them).</summary>
    private static IReadOnlyList<string> Words(YamlFields fields, string key, string[] allowed)
    {
        if (!fields.Has(key)) return allowed;
        var items = fields.Sequence(key) ?? throw fields.Error(key, null, $"a list of: {string.Join(", ", allowed)}");
        var words = new List<string>();
        foreach (var node in items)
        {
            string word = node.ToString();
            if (node is not YamlScalarNode || !allowed.Contains(word)) throw fields.Error(key, word, $"a list of: {string.Join(", ", allowed)}");
            if (!words.Contains(word)) words.Add(word);
        }
        return words;
    }

    private static SlurmConfig ReadSlurm(YamlFields? s)
    {
        if (s is null) return SlurmConfig.None;
        int? OptionalInt(string key) => s.Has(key) ? s.Int(key, 0, min: 0, max: 1024) : null;
        string? Word(string key)
        {
            string? value = s.OptionalString(key);
            if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
                throw s.Error(key, value, "one word as sbatch takes it (e.g. gpu, 32G, 04:00:00)");
            return value;
        }
        var args = new List<string>();
        foreach (var node in s.Sequence("sbatch_args") ?? [])
        {
            string arg = node.ToString();
            if (node is not YamlScalarNode || !arg.StartsWith("--", StringComparison.Ordinal))
                throw s.Error("sbatch_args", arg, "a list of sbatch options, each starting with -- (e.g. --qos=normal)");
            args.Add(arg);
        }
        return new SlurmConfig(Word("partition"), Word("account"), OptionalInt("gpus_per_task"), OptionalInt("cpus_per_task"),
            Word("mem"), Word("time"), args);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepoPattern();
}
