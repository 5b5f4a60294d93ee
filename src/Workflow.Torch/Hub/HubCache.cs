using System.Text.RegularExpressions;

namespace Workflow.Torch.Hub;

/// <summary>
/// The Hugging Face cache layout, as <c>huggingface_hub.file_download</c> writes it, so that a cache filled by Python
/// is reused here and vice versa:
/// <code>
/// {root}/models--{org}--{name}/blobs/{etag}                      file contents, named by ETag (sha256 for LFS files)
/// {root}/models--{org}--{name}/snapshots/{commit}/{file}         relative symlink to ../../blobs/{etag}
/// {root}/models--{org}--{name}/refs/{revision}                   the commit the revision pointed to
/// {root}/models--{org}--{name}/.no_exist/{commit}/{file}         marker: the file does not exist at that commit
/// {root}/.locks/models--{org}--{name}/{etag}.lock                lock held while a blob is written
/// </code>
/// </summary>
public sealed partial class HubCache(string root, HubRepoType repoType = HubRepoType.Model)
{
    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();

    /// <summary>The cache root.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>True when <paramref name="revision"/> is a full commit hash.</summary>
    public static bool IsCommit(string revision) => CommitPattern().IsMatch(revision);

    public string RepoFolder(string repoId) => Path.Combine(Root, HubRepoId.CacheFolderName(repoId, repoType));

    public string BlobPath(string repoId, string etag) => Path.Combine(RepoFolder(repoId), "blobs", etag);

    public string SnapshotFolder(string repoId, string commit) => Path.Combine(RepoFolder(repoId), "snapshots", commit);

    public string SnapshotPath(string repoId, string commit, string file) =>
        Path.Combine(SnapshotFolder(repoId, commit), file.Replace('/', Path.DirectorySeparatorChar));

    public string NoExistPath(string repoId, string commit, string file) =>
        Path.Combine(RepoFolder(repoId), ".no_exist", commit, file.Replace('/', Path.DirectorySeparatorChar));

    private string RefPath(string repoId, string revision) =>
        Path.Combine(RepoFolder(repoId), "refs", revision.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The commit a revision resolves to in the cache (a commit resolves to itself), or null.</summary>
    public string? ResolveCommit(string repoId, string revision)
    {
        if (IsCommit(revision)) return revision;
        string path = RefPath(repoId, revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Records that <paramref name="revision"/> points to <paramref name="commit"/> (nothing for a commit itself).</summary>
    public void WriteRef(string repoId, string revision, string commit)
    {
        if (revision == commit) return;
        string path = RefPath(repoId, revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit) return;
        File.WriteAllText(path, commit);
    }

    /// <summary>Makes <c>snapshots/{commit}/{file}</c> point at the blob: a relative symlink, or a copy where links are not allowed.</summary>
    public string LinkSnapshot(string repoId, string commit, string file, string etag)
    {
        string link = SnapshotPath(repoId, commit, file);
        string blob = BlobPath(repoId, etag);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null) File.Delete(link);
        string relative = Path.GetRelativePath(Path.GetDirectoryName(link)!, blob);
        try
        {
            File.CreateSymbolicLink(link, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, link, overwrite: true); // huggingface_hub also falls back when symlinks are unsupported
        }
        return link;
    }

    /// <summary>Marks a file as absent at a commit (what huggingface_hub does on EntryNotFound).</summary>
    public void MarkMissing(string repoId, string commit, string file)
    {
        string path = NoExistPath(repoId, commit, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    /// <summary>Holds <c>.locks/models--org--name/{etag}.lock</c> exclusively while a blob is written.</summary>
    public async Task<IDisposable> LockAsync(string repoId, string etag, CancellationToken ct)
    {
        string path = Path.Combine(Root, ".locks", HubRepoId.CacheFolderName(repoId, repoType), etag + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false); // another process is writing this blob
            }
        }
    }
}
