using System.Text.RegularExpressions;
using Workflow.Core.Paths;

namespace Workflow.Torch.Hub;

/// <summary>
/// Every name the Hub client turns into a cache path is checked here first, whoever sent it: repo ids and revisions
/// (the user or a YAML file), file names (the user, or a shard index the server sent), ETags and <c>X-Repo-Commit</c>
/// (the server). The rules are huggingface_hub's: <c>validate_repo_id</c> (owner/name, no <c>--</c> or <c>..</c>),
/// git reference names for revisions, a commit is 40 hex digits, an ETag used as a blob name is a git blob sha1 (40
/// hex) or an LFS sha256 (64 hex), and a snapshot path must lie inside <c>snapshots/</c> ("Invalid pointer path" in
/// <c>_get_pointer_path</c>). A refusal names the repo and the value and never touches the file system.
/// </summary>
public static partial class HubNameValidation
{
    [GeneratedRegex("^(?:[0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex BlobNamePattern();

    /// <summary>Throws unless <paramref name="repoId"/> is a Hub model id (owner/name).</summary>
    public static void RepoId(string repoId)
    {
        if (!HubRepoId.IsValid(repoId))
            throw new HubException(
                $"'{repoId}' is not a Hugging Face repo id: expected owner/name made of letters, digits, '-', '_' and '.', " +
                "without '--' or '..' (huggingface_hub's validate_repo_id), e.g. google/vit-base-patch16-224.");
    }

    /// <summary>Throws unless <paramref name="revision"/> is a valid git reference name or commit.</summary>
    public static void Revision(string repoId, string revision)
    {
        if (RevisionName.Problem(revision) is { } problem)
            throw new HubException(
                $"Revision '{revision}' of {repoId} is not a branch, tag, commit or refs/pr/N name: {problem}. " +
                "Give a git reference name such as main, v1.0 or refs/pr/3, or a 40-digit commit hash.");
    }

    /// <summary>Throws unless <paramref name="file"/> is a relative file name inside the repo.</summary>
    public static void FileName(string repoId, string file)
    {
        if (ContainedPath.Problem(file) is { } problem)
            throw new HubException(
                $"Refusing the file name '{file}' in {repoId}: {problem}. A repo file name is a relative path such as " +
                "model-00001-of-00002.safetensors; a shard index naming files outside the repo is corrupt or hostile.");
    }

    /// <summary>Throws unless <paramref name="commit"/> (from X-Repo-Commit or a refs file) is a 40-digit commit hash.</summary>
    public static void Commit(string repoId, string commit)
    {
        if (!HubCache.IsCommit(commit))
            throw new HubException($"The commit '{commit}' given for {repoId} is not a 40-digit lowercase hex commit hash: is HF_ENDPOINT a Hugging Face Hub?");
    }

    /// <summary>Throws unless <paramref name="etag"/> can name a blob: a git sha1 (40 hex) or a sha256 (64 hex).</summary>
    public static void BlobName(string repoId, string file, string etag)
    {
        if (!BlobNamePattern().IsMatch(etag))
            throw new HubException(
                $"The server's ETag '{etag}' for {file} of {repoId} is neither a git blob sha1 nor a sha256, so it cannot name a cache blob. " +
                "Is HF_ENDPOINT a Hugging Face Hub (or a faithful mirror)?");
    }
}
