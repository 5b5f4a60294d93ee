using System.Text.Json;

namespace Workflow.Torch.Hub;

/// <summary>The files of a dataset repo at one commit.</summary>
/// <param name="Commit">The commit the revision resolved to.</param>
/// <param name="Files">Every file path in the repo at that commit ('/'-separated).</param>
public sealed record HubRepoListing(string Commit, IReadOnlyList<string> Files);

public sealed partial class HubClient
{
    /// <summary>
    /// The commit and files of <c>repo@revision</c>, as <c>huggingface_hub.HfApi.dataset_info</c> reads them:
    /// <c>GET {endpoint}/api/datasets/{repo}/revision/{revision}</c> (revision quoted with no safe characters) →
    /// <c>sha</c> and <c>siblings[].rfilename</c>, with the token when one is set. Offline (or when the Hub cannot be
    /// reached), the cached ref and the files already in its snapshot folder answer instead.
    /// File names are checked as data: a name that could leave the snapshot folder is refused.
    /// </summary>
    public async Task<HubRepoListing> ListFilesAsync(string repoId, string revision, CancellationToken ct = default)
    {
        if (!HubRepoId.IsValid(repoId)) throw new ArgumentException($"'{repoId}' is not a Hub repo id (expected owner/name).", nameof(repoId));
        if (options.Offline) return ListFromCache(repoId, revision, null);
        string kind = options.RepoType == HubRepoType.Dataset ? "datasets" : "models";
        var url = new Uri($"{options.Endpoint.TrimEnd('/')}/api/{kind}/{repoId}/revision/{Uri.EscapeDataString(revision)}");
        HttpResponseMessage response;
        try
        {
            response = await headRetries.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (options.Token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + options.Token);
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            return ListFromCache(repoId, revision, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw Describe(response, repoId, revision, "the file list");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            string commit = json.RootElement.TryGetProperty("sha", out var sha) && sha.GetString() is { } s && HubCache.IsCommit(s)
                ? s
                : throw new HubException($"The Hub's answer for {repoId}@{revision} has no commit sha: is HF_ENDPOINT ({options.Endpoint}) a Hugging Face Hub?");
            var files = new List<string>();
            if (json.RootElement.TryGetProperty("siblings", out var siblings))
                foreach (var sibling in siblings.EnumerateArray())
                    if (sibling.TryGetProperty("rfilename", out var name) && name.GetString() is { } file)
                        files.Add(CheckedRepoPath(file, repoId));
            cache.WriteRef(repoId, revision, commit);
            return new HubRepoListing(commit, files);
        }
    }

    private HubRepoListing ListFromCache(string repoId, string revision, Exception? because)
    {
        string? commit = cache.ResolveCommit(repoId, revision);
        string folder = commit is null ? "" : cache.SnapshotFolder(repoId, commit);
        if (commit is null || !Directory.Exists(folder))
            throw new HubException(
                (because is null ? "HF_HUB_OFFLINE is set" : $"Cannot reach {options.Endpoint} ({because.Message})") +
                $" and the cache {cache.Root} holds no snapshot of {repoId}@{revision}. What to do: run once with access to the Hub.",
                HubMissing.Revision, null, because);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        return new HubRepoListing(commit, files);
    }

    /// <summary>
    /// A file name from a repo listing, checked before it becomes a cache path: relative, '/'-separated, no empty,
    /// <c>.</c> or <c>..</c> segment, no backslash or drive. (A shared validator may replace this one.)
    /// </summary>
    internal static string CheckedRepoPath(string file, string repoId)
    {
        bool bad = file.Length == 0 || file.StartsWith('/') || file.Contains('\\') || file.Contains(':') || file.Contains('\0')
                   || file.Split('/').Any(part => part is "" or "." or "..");
        if (bad) throw new HubException($"{repoId} lists a file named '{file}', which is not a safe relative path; refusing to use it.");
        return file;
    }
}
