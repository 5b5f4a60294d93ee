using System.Text.RegularExpressions;
using Workflow.Core.Paths;

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

    // Every path below is built from names validated by HubNameValidation and checked to lie inside its folder
    // (ContainedPath) before anything is opened, created or deleted: a hostile server or index cannot reach outside.

    public string RepoFolder(string repoId)
    {
        HubNameValidation.RepoId(repoId);
        return ContainedPath.Resolve(Root, HubRepoId.CacheFolderName(repoId, repoType), reason => Outside(repoId, "repo id", repoId, reason));
    }

    public string BlobPath(string repoId, string etag)
    {
        HubNameValidation.BlobName(repoId, "a file", etag);
        return ContainedPath.Resolve(Path.Combine(RepoFolder(repoId), "blobs"), etag, reason => Outside(repoId, "ETag", etag, reason));
    }

    public string SnapshotFolder(string repoId, string commit)
    {
        HubNameValidation.Commit(repoId, commit);
        return ContainedPath.Resolve(Path.Combine(RepoFolder(repoId), "snapshots"), commit, reason => Outside(repoId, "commit", commit, reason));
    }

    public string SnapshotPath(string repoId, string commit, string file)
    {
        HubNameValidation.FileName(repoId, file);
        return ContainedPath.Resolve(SnapshotFolder(repoId, commit), file, reason => Outside(repoId, "file name", file, reason));
    }

    public string NoExistPath(string repoId, string commit, string file)
    {
        HubNameValidation.Commit(repoId, commit);
        HubNameValidation.FileName(repoId, file);
        return ContainedPath.Resolve(Path.Combine(RepoFolder(repoId), ".no_exist", commit), file, reason => Outside(repoId, "file name", file, reason));
    }

    private string RefPath(string repoId, string revision)
    {
        HubNameValidation.Revision(repoId, revision);
        return ContainedPath.Resolve(Path.Combine(RepoFolder(repoId), "refs"), revision, reason => Outside(repoId, "revision", revision, reason));
    }

    private static HubException Outside(string repoId, string what, string value, string reason) =>
        new($"Invalid cache path for {repoId}: the {what} '{value}' is refused ({reason}). Nothing was written.");

    /// <summary>The commit a revision resolves to in the cache (a commit resolves to itself), or null.</summary>
    public string? ResolveCommit(string repoId, string revision)
    {
        if (IsCommit(revision)) return revision;
        string path = RefPath(repoId, revision);
        if (!File.Exists(path)) return null;
        string commit = File.ReadAllText(path).Trim();
        HubNameValidation.Commit(repoId, commit); // a refs file is a path into snapshots/ too
        return commit;
    }

    /// <summary>Records that <paramref name="revision"/> points to <paramref name="commit"/> (nothing for a commit itself).</summary>
    public void WriteRef(string repoId, string revision, string commit)
    {
        if (revision == commit) return;
        string path = RefPath(repoId, revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit) return;
        // Renamed into place: a concurrent reader sees the old commit or the new one, never an empty file.
        Workflow.Core.Cache.AtomicFile.WriteAllText(path, commit);
    }

    /// <summary>Makes <c>snapshots/{commit}/{file}</c> point at the blob: a relative symlink, or a copy where links are not allowed.</summary>
    public string LinkSnapshot(string repoId, string commit, string file, string etag)
    {
        string link = SnapshotPath(repoId, commit, file);
        string blob = BlobPath(repoId, etag);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        string relative = Path.GetRelativePath(Path.GetDirectoryName(link)!, blob);
        // Made beside it and renamed over it (rename(2) replaces atomically): two processes linking the same file at
        // once never see it missing, and never copy onto a link the other one made (which would write through it
        // into the blob).
        string temporary = Workflow.Core.Cache.AtomicFile.TemporaryPathFor(link);
        try
        {
            File.CreateSymbolicLink(temporary, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, temporary); // huggingface_hub also falls back when symlinks are unsupported
        }
        File.Move(temporary, link, overwrite: true);
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
        HubNameValidation.BlobName(repoId, "a file", etag);
        string path = ContainedPath.Resolve(Path.Combine(Root, ".locks"), HubRepoId.CacheFolderName(repoId, repoType) + "/" + etag + ".lock",
            reason => Outside(repoId, "ETag", etag, reason));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                // Not deleted on close: a waiter that opened the old file would lock a deleted inode while a third process
                // locks a new file of the same name, and both would write the blob.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false); // another process is writing this blob
            }
        }
    }
}
