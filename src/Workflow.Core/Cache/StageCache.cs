using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.Core.Cache;

/// <summary>
/// The stage cache of one experiment folder (design.md §5). A stage is up to date iff its record exists,
/// its fingerprint matches, and its outputs still hash to the recorded values (fast path: size + mtime;
/// full hash with <c>verify</c>). Records are deleted before a stage runs and written last.
/// </summary>
public sealed class StageCache
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly string _toolVersion;

    /// <summary>Creates the cache rooted at the experiment folder (e.g. <c>artifacts/demo</c>).</summary>
    public StageCache(string experimentFolder, string toolVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentFolder);
        _folder = Path.GetFullPath(experimentFolder);
        _toolVersion = toolVersion;
    }

    /// <summary>The experiment folder.</summary>
    public string Folder => _folder;

    /// <summary>Absolute path of an output given relative to the experiment folder.</summary>
    public string PathOf(string relativePath) => Path.Combine(_folder, relativePath);

    /// <summary>The stored record, or null when there is none (or it is unreadable, which counts as none).</summary>
    public StageRecord? ReadRecord(StageKey key)
    {
        string path = PathOf(key.RecordRelativePath);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Decides whether <paramref name="key"/> is up to date for <paramref name="inputs"/>, and why not.</summary>
    public StageStatus Check(StageKey key, StageInputs inputs, bool verify)
    {
        var record = ReadRecord(key);
        if (record is null) return new StageStatus(key, false, ["never completed (no stage record)"]);
        var reasons = new List<string>();
        if (record.Fingerprint != inputs.Fingerprint(key))
        {
            if (record.Version != inputs.Version) reasons.Add($"stage code changed ({record.Version} → {inputs.Version})");
            DiffParameters("", record.Parameters, inputs.Parameters, reasons);
            DiffInputs(record.Inputs, inputs.Inputs, reasons);
            if (reasons.Count == 0) reasons.Add("fingerprint differs");
        }
        foreach (var (relative, recorded) in record.Outputs)
            if (OutputProblem(relative, recorded, verify) is { } problem) reasons.Add(problem);
        return new StageStatus(key, reasons.Count == 0, reasons);
    }

    /// <summary>Removes the record before a stage runs, so an interrupted run is never taken as complete.</summary>
    public void Invalidate(StageKey key)
    {
        string path = PathOf(key.RecordRelativePath);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Hashes the outputs (relative to the experiment folder) and writes the record — last, atomically.</summary>
    public StageRecord Commit(StageKey key, StageInputs inputs, IEnumerable<string> outputs, DateTime startedUtc)
    {
        var hashed = new SortedDictionary<string, RecordedOutput>(StringComparer.Ordinal);
        foreach (string relative in outputs)
        {
            string path = PathOf(relative);
            if (!File.Exists(path)) throw new InvalidOperationException($"Stage {key} finished without writing its output '{relative}'.");
            var info = new FileInfo(path);
            hashed[Normalise(relative)] = new RecordedOutput(ContentHash.OfFile(path), info.Length, info.LastWriteTimeUtc.Ticks);
        }
        var record = new StageRecord(key.Stage, key.Scope, inputs.Version, inputs.Fingerprint(key),
            (JsonObject)inputs.Parameters.DeepClone(), new SortedDictionary<string, string>(inputs.Inputs.ToDictionary(), StringComparer.Ordinal),
            hashed, startedUtc, DateTime.UtcNow, _toolVersion);
        AtomicFile.WriteAllText(PathOf(key.RecordRelativePath), JsonSerializer.Serialize(record, JsonOptions));
        return record;
    }

    private string? OutputProblem(string relative, RecordedOutput recorded, bool verify)
    {
        string path = PathOf(relative);
        if (!File.Exists(path)) return $"output {relative} is missing";
        var info = new FileInfo(path);
        if (info.Length != recorded.Size) return $"output {relative} was modified (size {recorded.Size} → {info.Length})";
        if (!verify && info.LastWriteTimeUtc.Ticks == recorded.MtimeUtcTicks) return null;
        // Touched or --verify: decide by content.
        return ContentHash.OfFile(path) == recorded.Hash ? null : $"output {relative} was modified (content hash differs)";
    }

    private static string Normalise(string relative) => relative.Replace('\\', '/');

    private static void DiffParameters(string prefix, JsonNode? before, JsonNode? after, List<string> reasons)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (string key in b.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal))
                DiffParameters(prefix.Length == 0 ? key : prefix + "." + key, b[key], a[key], reasons);
            return;
        }
        string x = CanonicalJson.Serialize(before), y = CanonicalJson.Serialize(after);
        if (x != y) reasons.Add($"setting {prefix} changed ({x} → {y})");
    }

    private static void DiffInputs(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, List<string> reasons)
    {
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = after.Where(p => before.TryGetValue(p.Key, out string? old) && old != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Describe(added, "new input", "new inputs");
        Describe(changed, "input {0} changed", "inputs changed");
        Describe(removed, "input {0} removed", "inputs removed");

        // A few names are spelled out; many (e.g. every layer of a model) are counted, naming the first.
        void Describe(List<string> names, string one, string many)
        {
            if (names.Count == 0) return;
            if (names.Count <= 3) reasons.AddRange(names.Select(n => one.Contains("{0}") ? string.Format(one, n) : $"{one} {n}"));
            else reasons.Add($"{names.Count} {many} ({names[0]}, {names[1]}, …)");
        }
    }
}
