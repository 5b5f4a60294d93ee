using System.Globalization;
using System.Text.RegularExpressions;
using Workflow.Core.Data;
using Workflow.Core.Experiments;
using Workflow.Core.Net;
using Workflow.Torch.Rehearsal;

namespace Workflow.Cli.Rehearsal;

/// <summary>What a rehearsal runs: experiments (names or paths), a work folder, full size or CI size, per_class.</summary>
/// <param name="Experiments">The experiments, e.g. cifar10 and cifar100, run unchanged except for the endpoints and per_class.</param>
/// <param name="Work">Holds the served repos and archives, the Hub cache, the data folder and the artifacts.</param>
/// <param name="FullSize">Real widths and depths (GBs of weights); else <see cref="CheckpointShrink.Ci"/>.</param>
/// <param name="PerClass">Replaces the experiments' per_class (null: keep it).</param>
/// <param name="DropAfterBytes">When set, the first download of every weight file is cut after this many bytes (resume check).</param>
internal sealed record RehearsalSettings(IReadOnlyList<string> Experiments, string Work, bool FullSize, int? PerClass, long? DropAfterBytes = null);

/// <summary>What a rehearsal observed (for its printout and the tests).</summary>
/// <param name="Requests">Requests per "host METHOD path" over both runs of every experiment.</param>
/// <param name="Artifacts">The experiment folder per experiment name (<c>work/artifacts/&lt;name&gt;</c>).</param>
/// <param name="OfflinePlans">The plan printed per experiment after the hosts were stopped.</param>
internal sealed record RehearsalResult(IReadOnlyDictionary<string, int> Requests, IReadOnlyDictionary<string, string> Artifacts,
    IReadOnlyDictionary<string, string> OfflinePlans);

/// <summary>
/// The poster run rehearsed offline: the nine repos (real config.json / preprocessor_config.json / file lists, random
/// weights of the real shapes in the real format) from a <see cref="LoopbackHub"/>, CIFAR-10/100 archives in the
/// official layout from a loopback "Toronto", then every stage of each experiment through the ordinary commands, with
/// only HF_ENDPOINT, HF_HUB_CACHE, IDIM_DATA, IDIM_CIFAR_BASE_URL / _CHECKSUMS (and per_class) changed; afterwards, with
/// the hosts gone, <c>idim plan</c> for each experiment.
/// </summary>
internal static class PosterRehearsal
{
    /// <param name="settings">What to rehearse.</param>
    /// <param name="idim">Runs one idim command in-process: (exit code, what it printed).</param>
    /// <param name="log">Progress lines.</param>
    public static RehearsalResult Run(RehearsalSettings settings, Func<string[], (int Code, string Output)> idim, TextWriter log)
    {
        string work = Path.GetFullPath(settings.Work);
        Directory.CreateDirectory(work);
        var experiments = settings.Experiments.Select(e => ExperimentLoader.Load(e)).ToList();

        // 1. The repos every experiment names (the nine poster repos only: their files are what is being rehearsed).
        var served = new List<ServedRepo>();
        foreach (string repo in experiments.SelectMany(e => e.Models).Select(m => m.Repo).OfType<string>().Distinct())
        {
            if (!PosterRepos.Contains(repo))
                throw new InvalidDataException($"{repo} is not one of the nine poster repos; a rehearsal serves only their real files ({string.Join(", ", PosterRepos.All)}).");
            string folder = Path.Combine(work, "served", repo.Replace('/', '_'));
            RepoFile weights = PosterRepos.WeightFile(repo);
            if (!File.Exists(Path.Combine(folder, weights.Name)))
            {
                string config = PosterRepos.Config(repo);
                RandomCheckpoint.Write(folder, settings.FullSize ? config : CheckpointShrink.Ci.Apply(config), PosterRepos.Preprocessor(repo),
                    PosterRepos.Format(repo), seed: PosterRepos.All.ToList().IndexOf(repo) + 1);
            }
            served.Add(new ServedRepo(repo, PosterRepos.RehearsalCommit(repo), folder, new HashSet<string> { weights.Name }));
            log.WriteLine($"rehearse: {repo} @ {PosterRepos.RehearsalCommit(repo)[..12]}: {weights.Name} ({new FileInfo(Path.Combine(folder, weights.Name)).Length:N0} B)");
        }

        // 2. The archives, in the official layout, and their checksums (the only value a rehearsal must replace).
        var archives = new Dictionary<string, string>();
        var checksums = new List<string>();
        foreach (var dataset in experiments.Select(e => DatasetSpec.ParseName(e.Dataset.Name)).Where(d => d != DatasetName.Calibration).Distinct())
        {
            CifarArchive official = dataset == DatasetName.Cifar10 ? CifarArchive.Cifar10 : CifarArchive.Cifar100;
            int perClass = settings.FullSize ? (dataset == DatasetName.Cifar10 ? 5000 : 500) : Math.Max(settings.PerClass ?? 10, 1) + 2;
            string path = Path.Combine(work, "toronto", official.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path)) SyntheticCifar.Write(dataset, path, perClass, seed: 7);
            archives["/~kriz/" + official.FileName] = path;
            checksums.Add(string.Create(CultureInfo.InvariantCulture,
                $"{official.FileName}={new FileInfo(path).Length}:{FileHash.ComputeHex(path, HashAlgorithmKind.Md5)}"));
        }

        var requests = new Dictionary<string, int>();
        var artifacts = new Dictionary<string, string>();
        var plans = new Dictionary<string, string>();
        var saved = new Dictionary<string, string?>();
        void Set(string name, string? value)
        {
            saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            using var hub = new LoopbackHub(served);
            using var toronto = new LoopbackHttpHost((_, path) => archives.TryGetValue(path, out string? file)
                ? new LoopbackResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/x-gzip" }, BodyFile: file)
                : LoopbackResponse.NotFound());
            if (settings.DropAfterBytes is { } drop)
                foreach (ServedRepo repo in served)
                    foreach (string lfs in repo.LfsFiles) hub.Storage.DropOnceAfter(hub.StoragePath(repo.RepoId, lfs), drop);
            Set("HF_ENDPOINT", hub.Host.Origin);
            Set("HF_HUB_CACHE", Path.Combine(work, "hub-cache"));
            Set("HF_HUB_OFFLINE", null);
            Set("HF_TOKEN", null);
            Set(DataFolder.EnvironmentVariable, Path.Combine(work, "data"));
            Set(CifarMirror.BaseUrlVariable, toronto.Origin + "/~kriz/");
            Set(CifarMirror.ChecksumsVariable, string.Join(';', checksums));

            foreach (ExperimentConfig experiment in experiments)
            {
                string file = WithPerClass(experiment, settings.PerClass, Path.Combine(work, "experiments"));
                // --artifacts is the root; each experiment writes to <root>/<name>.
                string root = Path.Combine(work, "artifacts");
                artifacts[experiment.Name] = Path.Combine(root, experiment.Name);
                foreach (string stage in new[] { "data", "embed", "twonn", "correlate", "report" })
                {
                    var (code, output) = idim([stage, "--experiment", file, "--artifacts", root]);
                    log.Write(output);
                    if (code != 0) throw new InvalidOperationException($"rehearse: idim {stage} --experiment {file} exited {code}:\n{output}");
                }
            }
            Count(requests, "hub", hub.Host);
            Count(requests, "storage", hub.Storage);
            Count(requests, "toronto", toronto);
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }

        // 3. The hosts are gone: every stage must be up to date from the caches alone.
        saved.Clear();
        try
        {
            Set("HF_ENDPOINT", "http://127.0.0.1:9"); // discard port: nothing answers
            Set("HF_HUB_CACHE", Path.Combine(work, "hub-cache"));
            Set(DataFolder.EnvironmentVariable, Path.Combine(work, "data"));
            Set(CifarMirror.BaseUrlVariable, "http://127.0.0.1:9/~kriz/");
            Set(CifarMirror.ChecksumsVariable, string.Join(';', checksums));
            foreach (ExperimentConfig experiment in experiments)
            {
                var (_, plan) = idim(["plan", "--experiment", Path.Combine(work, "experiments", experiment.Name + ".yaml"), "--artifacts", Path.Combine(work, "artifacts")]);
                plans[experiment.Name] = plan;
                log.Write(plan);
            }
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
        return new RehearsalResult(requests, artifacts, plans);
    }

    /// <summary>Copies the experiment's YAML with only <c>per_class</c> replaced (the line as written, comments kept).</summary>
    private static string WithPerClass(ExperimentConfig experiment, int? perClass, string folder)
    {
        Directory.CreateDirectory(folder);
        string text = File.ReadAllText(experiment.SourcePath);
        if (perClass is { } n) text = Regex.Replace(text, @"(?m)^(\s+per_class:\s*)\d+", "${1}" + n.ToString(CultureInfo.InvariantCulture));
        string path = Path.Combine(folder, experiment.Name + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static void Count(Dictionary<string, int> into, string host, LoopbackHttpHost server)
    {
        foreach (var (key, n) in server.Requests) into[$"{host} {key}"] = n;
    }
}
