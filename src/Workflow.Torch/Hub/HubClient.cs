using System.Net;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;
using Workflow.Core.Net;
using Workflow.Torch.Weights;

namespace Workflow.Torch.Hub;

/// <summary>A model folder in the Hub cache: <c>snapshots/{commit}</c> with the files that were asked for.</summary>
public sealed record HubSnapshot(string RepoId, string Revision, string Commit, string Folder, IReadOnlyList<string> Files);

/// <summary>File metadata from the Hub's answer to HEAD (what <c>get_hf_file_metadata</c> reads).</summary>
/// <param name="Commit"><c>X-Repo-Commit</c>.</param>
/// <param name="ETag"><c>X-Linked-Etag</c>, else <c>ETag</c>, without quotes and <c>W/</c>: sha256 for LFS files, git blob sha1 otherwise.</param>
/// <param name="Size"><c>X-Linked-Size</c>, else <c>Content-Length</c>.</param>
/// <param name="DownloadUrl">The <c>Location</c> of a redirect to a storage host, else the resolve URL.</param>
public sealed record HubFileMetadata(string Commit, string ETag, long? Size, Uri DownloadUrl)
{
    /// <summary>True when the ETag is a sha256 (an LFS file), which the download is verified against.</summary>
    public bool IsLfs => Regex.IsMatch(ETag, "^[0-9a-f]{64}$");
}

/// <summary>
/// Downloads files of <c>repo@revision</c> from <c>{endpoint}/{repo}/resolve/{revision}/{file}</c> into the standard cache
/// (<see cref="HubCache"/>), the way <c>huggingface_hub.hf_hub_download</c> does: HEAD without following absolute
/// redirects for the metadata, then the bytes through <see cref="HttpDownloader"/> (resume, retries with backoff,
/// Authorization dropped when a redirect changes host, sha256 checked for LFS files before anything enters the cache).
/// </summary>
public sealed partial class HubClient
{
    private readonly HubOptions options;
    private readonly HubCache cache;
    private readonly HttpClient http;
    private readonly HttpDownloader downloader;
    private readonly ResiliencePipeline<HttpResponseMessage> headRetries;

    public HubClient(HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        cache = new HubCache(options.CacheDirectory, options.RepoType);
        http = options.HttpClient ?? HttpDownloader.CreateHttpClient();
        downloader = new HttpDownloader(http, options.Download.OnRetry is null && options.Warn is not null
            ? options.Download with { OnRetry = options.Warn }
            : options.Download);
        headRetries = options.Download.MaxAttempts <= 1 ? ResiliencePipeline<HttpResponseMessage>.Empty : new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Download.MaxAttempts - 1,
                Delay = options.Download.InitialBackoff,
                MaxDelay = options.Download.MaxBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .HandleResult(r => (int)r.StatusCode is 408 or 429 or >= 500),
                OnRetry = args =>
                {
                    string reason = args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    // One line per retry, so a host that never answers is not minutes of silence.
                    options.Warn?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{new Uri(options.Endpoint).Host}: {reason}; retry {args.AttemptNumber + 2}/{options.Download.MaxAttempts} in {args.RetryDelay.TotalSeconds:0.#} s"));
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The cache this client reads and fills.</summary>
    public HubCache Cache => cache;

    /// <summary>
    /// Fetches what a vision model needs: <c>config.json</c>, <c>preprocessor_config.json</c> when the repo has one, and
    /// the weights in transformers' order of preference (<c>model.safetensors</c>, its shard index and shards,
    /// <c>pytorch_model.bin</c>, its index and shards).
    /// </summary>
    public async Task<HubSnapshot> DownloadModelAsync(string repoId, string? revision, IProgress<HubProgress>? progress = null,
        CancellationToken ct = default)
    {
        revision ??= "main";
        var files = new List<string>();
        string commit = (await GetFileAsync(repoId, revision, "config.json", progress, ct).ConfigureAwait(false)).Commit;
        files.Add("config.json");
        // Pin the rest to the commit config.json came from, so a push in between cannot mix two versions.
        if (await TryGetFileAsync(repoId, commit, "preprocessor_config.json", progress, ct).ConfigureAwait(false) is not null)
            files.Add("preprocessor_config.json");

        foreach (string candidate in CheckpointFiles.Candidates)
        {
            HubFile? found = await TryGetFileAsync(repoId, commit, candidate, progress, ct).ConfigureAwait(false);
            if (found is null) continue;
            files.Add(candidate);
            if (candidate.EndsWith(".index.json", StringComparison.Ordinal))
            {
                foreach (string shard in CheckpointFiles.ShardNames(found.Path))
                {
                    await GetFileAsync(repoId, commit, shard, progress, ct).ConfigureAwait(false);
                    files.Add(shard);
                }
            }
            if (revision != commit) cache.WriteRef(repoId, revision, commit);
            return new HubSnapshot(repoId, revision, commit, cache.SnapshotFolder(repoId, commit), files);
        }
        throw new HubException(
            $"{repoId}@{revision} (commit {commit}) has none of {string.Join(", ", CheckpointFiles.Candidates)}. " +
            "It may hold weights for another library only (TensorFlow, Flax): pick a revision with PyTorch weights, e.g. a refs/pr/N that adds safetensors.",
            HubMissing.File);
    }

    /// <summary>A file in the cache: its snapshot path and the commit it belongs to.</summary>
    public sealed record HubFile(string Path, string Commit);

    /// <summary>Like <see cref="GetFileAsync"/> but null when the file does not exist at that revision.</summary>
    public async Task<HubFile?> TryGetFileAsync(string repoId, string revision, string file, IProgress<HubProgress>? progress, CancellationToken ct)
    {
        try
        {
            return await GetFileAsync(repoId, revision, file, progress, ct).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Missing == HubMissing.File)
        {
            // Like huggingface_hub: remember the absence at this commit, so offline runs know it is not an omission.
            if (!options.Offline && HubCache.IsCommit(revision)) cache.MarkMissing(repoId, revision, file);
            return null;
        }
    }

    /// <summary>
    /// Returns the cached path of <paramref name="file"/> at <paramref name="revision"/>, downloading it when needed.
    /// Offline (<c>HF_HUB_OFFLINE=1</c>), only the cache is used.
    /// </summary>
    public async Task<HubFile> GetFileAsync(string repoId, string revision, string file, IProgress<HubProgress>? progress, CancellationToken ct)
    {
        // Names are data: checked before any request is sent or any path is built (HubNameValidation).
        HubNameValidation.RepoId(repoId);
        HubNameValidation.Revision(repoId, revision);
        HubNameValidation.FileName(repoId, file);
        if (options.Offline) return FromCacheOffline(repoId, revision, file);

        HubFileMetadata metadata;
        try
        {
            metadata = await HeadAsync(repoId, revision, file, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            // huggingface_hub falls back to the cache when the Hub cannot be reached; so do we.
            try
            {
                return FromCacheOffline(repoId, revision, file);
            }
            catch (HubException)
            {
                throw new HubException(
                    $"Cannot reach {options.Endpoint} for {file} of {repoId}@{revision} after {options.Download.MaxAttempts} attempts ({e.Message}), " +
                    $"and the cache {cache.Root} does not hold it. What to do: check the network or proxy (or HF_ENDPOINT for a mirror), " +
                    "or fill the cache on a connected machine and copy it here (HF_HUB_CACHE), then use HF_HUB_OFFLINE=1.", HubMissing.None, null, e);
            }
        }
        string blob = cache.BlobPath(repoId, metadata.ETag);
        if (File.Exists(blob) && options.VerifyCachedBlobs && !CachedBlobCheck.Matches(blob, metadata.ETag))
        {
            // The blob's name is its hash: bytes that no longer match it are treated as missing and fetched again.
            options.Warn?.Invoke($"warning: the cached blob {blob} ({file} of {repoId}) no longer matches its hash {metadata.ETag}; fetching it again.");
            using IDisposable held = await cache.LockAsync(repoId, metadata.ETag, ct).ConfigureAwait(false);
            if (File.Exists(blob) && !CachedBlobCheck.Matches(blob, metadata.ETag)) File.Delete(blob);
        }
        if (!File.Exists(blob))
        {
            using IDisposable held = await cache.LockAsync(repoId, metadata.ETag, ct).ConfigureAwait(false);
            if (!File.Exists(blob)) await DownloadBlobAsync(repoId, file, metadata, blob, progress, ct).ConfigureAwait(false);
        }
        string path = cache.LinkSnapshot(repoId, metadata.Commit, file, metadata.ETag);
        cache.WriteRef(repoId, revision, metadata.Commit);
        return new HubFile(path, metadata.Commit);
    }

    private HubFile FromCacheOffline(string repoId, string revision, string file)
    {
        string? commit = cache.ResolveCommit(repoId, revision);
        if (commit is not null)
        {
            string path = cache.SnapshotPath(repoId, commit, file);
            if (File.Exists(path)) return new HubFile(path, commit);
            if (File.Exists(cache.NoExistPath(repoId, commit, file)))
                throw new HubException($"{file} does not exist in {repoId}@{revision} (recorded in the cache).", HubMissing.File);
        }
        throw new HubException(
            $"HF_HUB_OFFLINE is set and {file} of {repoId}@{revision} is not in the cache {cache.Root}" +
            (commit is null ? $" (no refs/{revision} for this repo)" : $" (snapshot {commit})") +
            ". What to do: unset HF_HUB_OFFLINE on a machine with access to the Hub once, or copy a cache filled by huggingface_hub there.",
            commit is null ? HubMissing.Revision : HubMissing.File);
    }

    /// <summary>The resolve URL; the revision is quoted with no safe characters (<c>refs/pr/1</c> → <c>refs%2Fpr%2F1</c>).</summary>
    public Uri ResolveUrl(string repoId, string revision, string file) =>
        new($"{options.Endpoint.TrimEnd('/')}/{(options.RepoType == HubRepoType.Dataset ? "datasets/" : "")}{repoId}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>Mirrors <c>get_hf_file_metadata</c>: HEAD, follow only relative (same-host) redirects, read the headers.</summary>
    public async Task<HubFileMetadata> HeadAsync(string repoId, string revision, string file, CancellationToken ct)
    {
        Uri url = ResolveUrl(repoId, revision, file);
        for (int redirects = 0; ; redirects++)
        {
            Uri current = url;
            using HttpResponseMessage response = await headRetries.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, current);
                if (options.Token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + options.Token);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(options.EtagTimeout);
                try
                {
                    return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"no answer from {current.Host} within {options.EtagTimeout.TotalSeconds:0.#} s (HF_HUB_ETAG_TIMEOUT)"), e);
                }
            }, ct).ConfigureAwait(false);

            int code = (int)response.StatusCode;
            Uri? location = response.Headers.Location;
            if (code is >= 300 and < 400 && location is not null && !location.IsAbsoluteUri && redirects < options.Download.MaxRedirects)
            {
                url = new Uri(current, location); // renamed repo: same host, follow
                continue;
            }
            if (code is >= 300 and < 400 || response.IsSuccessStatusCode)
                return ReadMetadata(response, repoId, revision, file, current, location);
            throw Describe(response, repoId, revision, file);
        }
    }

    private static HubFileMetadata ReadMetadata(HttpResponseMessage response, string repoId, string revision, string file, Uri url, Uri? location)
    {
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
        string commit = Header("X-Repo-Commit")
            ?? throw new HubException($"The server's answer for {file} of {repoId}@{revision} has no X-Repo-Commit header: is HF_ENDPOINT ({url.GetLeftPart(UriPartial.Authority)}) a Hugging Face Hub?");
        string? etag = Header("X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? Header("ETag");
        if (etag is null)
            throw new HubException($"The server's answer for {file} of {repoId}@{revision} has no ETag: cannot place it in the cache. Try again later.");
        etag = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        etag = etag.Trim('"');
        long? size = long.TryParse(Header("X-Linked-Size"), out long linked) ? linked : response.Content.Headers.ContentLength;
        Uri download = location is null ? url : location.IsAbsoluteUri ? location : new Uri(url, location);
        if (!HubCache.IsCommit(commit))
            throw new HubException($"X-Repo-Commit '{commit}' for {repoId}@{revision} is not a commit hash.");
        HubNameValidation.BlobName(repoId, file, etag); // the ETag names the blob file: never a path
        return new HubFileMetadata(commit, etag, size, download);
    }

    /// <summary>Mirrors <c>hf_raise_for_status</c>: the X-Error-Code header says which of repo / revision / file is missing.</summary>
    private HubException Describe(HttpResponseMessage response, string repoId, string revision, string file)
    {
        int code = (int)response.StatusCode;
        string? errorCode = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.FirstOrDefault() : null;
        string where = $"{repoId}@{revision}";
        string tokenHint = options.Token is null
            ? "set HF_TOKEN to an access token from https://huggingface.co/settings/tokens"
            : "check that HF_TOKEN is valid and has read access to this repository";
        return (code, errorCode) switch
        {
            (_, "GatedRepo") => new HubException(
                $"{repoId} is gated (HTTP {code}): accept its terms on the model page while logged in, then {tokenHint}.", HubMissing.None, code),
            (_, "RevisionNotFound") => new HubException(
                $"Revision '{revision}' does not exist in {repoId} (HTTP {code}). Check the branch, tag, commit or refs/pr/N name.", HubMissing.Revision, code),
            (_, "EntryNotFound") => new HubException(
                $"{file} does not exist in {where} (HTTP {code}). The repo and revision exist; the file is missing there.", HubMissing.File, code),
            (_, "RepoNotFound") or (401, _) => new HubException(
                $"Repository {repoId} was not found (HTTP {code}), or it is private or gated and needs a token: check the id, or {tokenHint}.", HubMissing.Repository, code),
            (403, _) => new HubException(
                $"Access to {file} of {where} is forbidden (HTTP 403): {tokenHint} (gated repositories also need their terms accepted).", HubMissing.None, code),
            (404, _) => new HubException(
                $"{file} of {where} was not found (HTTP 404). Check the repo id, the revision and the file name.", HubMissing.File, code),
            _ => new HubException($"HEAD {response.RequestMessage?.RequestUri} failed with HTTP {code} {response.ReasonPhrase}.", HubMissing.None, code),
        };
    }

    private async Task DownloadBlobAsync(string repoId, string file, HubFileMetadata metadata, string blob,
        IProgress<HubProgress>? progress, CancellationToken ct)
    {
        var headers = new Dictionary<string, string> { ["Accept-Encoding"] = "identity" };
        // The HEAD's Location already points at the storage host: the token goes only to the Hub's own host, the same
        // rule HttpDownloader applies to redirects it follows itself.
        bool sameHost = string.Equals(metadata.DownloadUrl.IdnHost, new Uri(options.Endpoint).IdnHost, StringComparison.OrdinalIgnoreCase)
                        && metadata.DownloadUrl.Port == new Uri(options.Endpoint).Port;
        if (options.Token is not null && sameHost) headers["Authorization"] = "Bearer " + options.Token;
        var request = new DownloadRequest(metadata.DownloadUrl, blob)
        {
            Headers = headers,
            ExpectedSize = metadata.Size,
            // LFS files are named by their sha256: a wrong one is rejected and never enters the cache.
            ExpectedHash = metadata.IsLfs ? ExpectedHash.Sha256(metadata.ETag) : null,
        };
        IProgress<DownloadProgress>? perFile = progress is null ? null : new SynchronousProgress(p => progress.Report(new HubProgress(repoId, file, p)));
        try
        {
            await downloader.DownloadAsync(request, perFile, ct).ConfigureAwait(false);
        }
        catch (DownloadHttpException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new HubException($"Downloading {file} of {repoId} was refused by {e.ResponseUrl.Host} (HTTP {(int)e.StatusCode}). " +
                                   "Set HF_TOKEN to a token with access to this repository.", HubMissing.None, (int)e.StatusCode, e);
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
