using System.Security.Cryptography;
using System.Text;

namespace Workflow.Cli.Rehearsal;

/// <summary>One repo the loopback Hub serves: its files on disk and the commit main points at.</summary>
internal sealed record ServedRepo(string RepoId, string Commit, string Folder, IReadOnlySet<string> LfsFiles);

/// <summary>
/// A loopback Hugging Face Hub with the real one's answers (what <c>huggingface_hub.get_hf_file_metadata</c> reads):
/// on <c>/{repo}/resolve/{main|commit}/{file}</c>, small files answer 200 with <c>X-Repo-Commit</c> and the git blob
/// SHA-1 as <c>ETag</c>; LFS files answer 302 to a storage host on another loopback port with <c>X-Linked-Etag</c>
/// (sha256), <c>X-Linked-Size</c> and <c>X-Repo-Commit</c>; the storage host serves the bytes with Range. Absent files,
/// revisions and repos answer 404 with the Hub's <c>X-Error-Code</c> (EntryNotFound, RevisionNotFound, RepoNotFound).
/// </summary>
internal sealed class LoopbackHub : IDisposable
{
    private readonly Dictionary<string, ServedRepo> repos;
    private readonly Dictionary<string, (string Sha256, string Path)> blobs = new();
    private readonly Dictionary<(string Repo, string File), string> sha256 = new();

    public LoopbackHub(IEnumerable<ServedRepo> served)
    {
        repos = served.ToDictionary(r => r.RepoId);
        foreach (ServedRepo repo in repos.Values)
        {
            foreach (string file in repo.LfsFiles)
            {
                string path = Path.Combine(repo.Folder, file);
                using FileStream stream = File.OpenRead(path);
                string sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                sha256[(repo.RepoId, file)] = sha;
                blobs[sha] = (sha, path);
            }
        }
        Storage = new LoopbackHttpHost(ServeStorage);
        Host = new LoopbackHttpHost(ServeHub);
    }

    /// <summary>The Hub (HF_ENDPOINT = its origin).</summary>
    public LoopbackHttpHost Host { get; }

    /// <summary>The LFS storage host the Hub redirects to.</summary>
    public LoopbackHttpHost Storage { get; }

    /// <summary>The storage path of an LFS file's bytes.</summary>
    public string StoragePath(string repo, string file) => "/lfs/" + sha256[(repo, file)];

    private LoopbackResponse ServeHub(string method, string path)
    {
        // /{org}/{name}/resolve/{revision}/{file}
        string[] parts = path.TrimStart('/').Split('/', 5);
        if (parts.Length < 5 || parts[2] != "resolve") return LoopbackResponse.NotFound();
        string repoId = parts[0] + "/" + parts[1], revision = parts[3], file = parts[4];
        if (!repos.TryGetValue(repoId, out ServedRepo? repo)) return LoopbackResponse.NotFound("RepoNotFound");
        if (revision != "main" && revision != repo.Commit) return LoopbackResponse.NotFound("RevisionNotFound");
        string local = Path.Combine(repo.Folder, file);
        if (!File.Exists(local)) return LoopbackResponse.NotFound("EntryNotFound");
        if (repo.LfsFiles.Contains(file))
        {
            string sha = sha256[(repoId, file)];
            return new LoopbackResponse(302, new Dictionary<string, string>
            {
                ["Location"] = $"{Storage.Origin}/lfs/{sha}?X-Amz-Signature=rehearsal",
                ["X-Repo-Commit"] = repo.Commit,
                ["X-Linked-Etag"] = $"\"{sha}\"",
                ["X-Linked-Size"] = new FileInfo(local).Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ETag"] = $"\"{GitBlobSha1(Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\n"))}\"",
            });
        }
        byte[] content = File.ReadAllBytes(local);
        return new LoopbackResponse(200, new Dictionary<string, string>
        {
            ["X-Repo-Commit"] = repo.Commit,
            ["ETag"] = $"\"{GitBlobSha1(content)}\"",
            ["Content-Type"] = "application/json",
        }, content);
    }

    private LoopbackResponse ServeStorage(string method, string path) =>
        path.StartsWith("/lfs/", StringComparison.Ordinal) && blobs.TryGetValue(path["/lfs/".Length..], out var blob)
            ? new LoopbackResponse(200, new Dictionary<string, string> { ["ETag"] = $"\"{blob.Sha256}\"", ["Content-Type"] = "binary/octet-stream" }, BodyFile: blob.Path)
            : LoopbackResponse.NotFound();

    /// <summary>The git blob id the Hub sends as ETag for non-LFS files: sha1("blob {size}\0" + content).</summary>
    public static string GitBlobSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public void Dispose()
    {
        Host.Dispose();
        Storage.Dispose();
    }
}
