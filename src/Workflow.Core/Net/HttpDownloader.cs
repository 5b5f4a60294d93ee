using System.Net;
using System.Net.Http.Headers;

namespace Workflow.Core.Net;

/// <summary>
/// Resumable, verifying HTTP downloader. Bytes go to <c>destination.part</c>, resumed with <c>Range</c> on the
/// next attempt or run; transient failures (timeouts, dropped connections, 408, 429, 5xx) are retried with
/// exponential backoff and jitter, honouring <c>Retry-After</c>; redirects are followed here (not by the
/// handler) so that <c>Authorization</c> is dropped when the host changes, as <c>huggingface_hub</c> does.
/// The destination appears only after size and hash are verified (atomic rename).
/// </summary>
/// <remarks>
/// The injected <see cref="HttpClient"/> must not follow redirects itself and must not decompress: build it with
/// <see cref="CreateHttpClient"/> or around <see cref="CreateHandler"/>. Two processes downloading the same
/// destination at once are not coordinated; callers that may race should hold a lock file.
/// </remarks>
public sealed class HttpDownloader
{
    private const int BufferSize = 1 << 20;
    private readonly HttpClient _client;
    private readonly DownloadOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();

    /// <summary>Creates a downloader over <paramref name="client"/>.</summary>
    /// <param name="client">Client whose handler has <c>AllowAutoRedirect = false</c> (see <see cref="CreateHandler"/>).</param>
    /// <param name="options">Retry and timeout settings; <see cref="DownloadOptions.Default"/> when null.</param>
    /// <param name="timeProvider">Clock for backoff delays and rates; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="jitterSeed">Seed of the backoff jitter; a fixed default keeps runs reproducible.</param>
    public HttpDownloader(HttpClient client, DownloadOptions? options = null, TimeProvider? timeProvider = null, int jitterSeed = 5)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? DownloadOptions.Default;
        if (_options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        _time = timeProvider ?? TimeProvider.System;
        _jitter = new Random(jitterSeed);
    }

    /// <summary>A handler suitable for this downloader: no automatic redirects, no decompression.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>A client over <see cref="CreateHandler"/> with no overall timeout (the downloader times each read).</summary>
    public static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("idim/" + (typeof(HttpDownloader).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }

    /// <summary>
    /// Downloads <paramref name="request"/>, resuming from a previous <c>.part</c> file when there is one,
    /// verifies size and hash, and moves the file into place.
    /// </summary>
    /// <exception cref="DownloadHttpException">401, 403, 404 or another non-retryable status.</exception>
    /// <exception cref="DownloadVerificationException">Size or hash differ from the expected ones (the .part is deleted).</exception>
    /// <exception cref="DownloadFailedException">Every attempt failed transiently (the .part is kept for resuming).</exception>
    public async Task<DownloadResult> DownloadAsync(
        DownloadRequest request, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Url.IsAbsoluteUri || (request.Url.Scheme != Uri.UriSchemeHttp && request.Url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"Expected an absolute http(s) URL, found '{request.Url}'.", nameof(request));
        string? folder = Path.GetDirectoryName(Path.GetFullPath(request.DestinationPath));
        if (folder is not null) Directory.CreateDirectory(folder);

        var state = new TransferState(request, progress, _time);
        if (request.ExpectedSize is long expected && state.PartLength() > expected) File.Delete(request.PartialPath);
        state.ResumedFromBytes = state.PartLength();

        await FetchWithRetriesAsync(state, ct).ConfigureAwait(false);
        (DownloadVerificationException? failure, ExpectedHash? hash, long size) = await VerifyAsync(state, ct).ConfigureAwait(false);
        if (failure is not null && state.ResumedFromBytes > 0)
        {
            // The bytes kept from an earlier run may be stale or corrupt: start over once from zero.
            File.Delete(request.PartialPath);
            await FetchWithRetriesAsync(state, ct).ConfigureAwait(false);
            (failure, hash, size) = await VerifyAsync(state, ct).ConfigureAwait(false);
        }
        if (failure is not null)
        {
            File.Delete(request.PartialPath);
            throw failure;
        }

        File.Move(request.PartialPath, request.DestinationPath, overwrite: true);
        return new DownloadResult(request.DestinationPath, size, hash!, state.FinalUrl, state.Attempts, state.ResumedFromBytes, state.ETag);
    }

    private async Task FetchWithRetriesAsync(TransferState state, CancellationToken ct)
    {
        int attemptsThisRound = 0;
        while (true)
        {
            attemptsThisRound++;
            state.Attempts++;
            try
            {
                await FetchOnceAsync(state, ct).ConfigureAwait(false);
                return;
            }
            catch (TransientDownloadError error)
            {
                if (attemptsThisRound >= _options.MaxAttempts)
                    throw new DownloadFailedException(state.Request.Url, attemptsThisRound, error.Message, error.InnerException ?? error, state.PartLength());
                TimeSpan wait = error.RetryAfter ?? NextBackoff(attemptsThisRound + 1);
                _options.OnRetry?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{state.FinalUrl.Host}: {error.Message}; retry {attemptsThisRound + 1}/{_options.MaxAttempts} in {wait.TotalSeconds:0.#} s"));
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan NextBackoff(int nextAttempt)
    {
        lock (_jitterLock) return RetryDelay.Backoff(nextAttempt, _options, _jitter);
    }

    private async Task FetchOnceAsync(TransferState state, CancellationToken ct)
    {
        DownloadRequest request = state.Request;
        long existing = state.PartLength();
        if (request.ExpectedSize is long expected && existing == expected && existing > 0) return; // complete; verification decides

        Uri current = request.Url;
        bool sendAuthorization = true;
        for (int redirects = 0; ; redirects++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using HttpRequestMessage message = BuildRequest(request, current, existing, sendAuthorization);
            timeout.CancelAfter(_options.ReadTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new TransientDownloadError($"no response from {current.Host} within {_options.ReadTimeout.TotalSeconds:0.#} s", null, e);
            }
            catch (HttpRequestException e)
            {
                throw new TransientDownloadError(e.Message, null, e);
            }

            using (response)
            {
                int code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is Uri location)
                {
                    if (redirects >= _options.MaxRedirects)
                        throw new DownloadException(request.Url, $"GET {request.Url} was redirected more than {_options.MaxRedirects} times (last: {current}). What to do: check the URL.");
                    Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!string.Equals(next.IdnHost, current.IdnHost, StringComparison.OrdinalIgnoreCase)) sendAuthorization = false;
                    current = next;
                    continue;
                }

                state.FinalUrl = current;
                if (code == (int)HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0) return; // we already hold every byte
                if (code is 408 or 429 or >= 500)
                    throw new TransientDownloadError($"HTTP {code} {response.ReasonPhrase} from {current}",
                        RetryDelay.FromRetryAfter(response.Headers.RetryAfter, _time.GetUtcNow(), _options));
                if (!response.IsSuccessStatusCode)
                    throw new DownloadHttpException(request.Url, current, response.StatusCode);

                state.ETag = CleanETag(response.Headers.ETag?.Tag);
                await ReceiveBodyAsync(state, response, existing, timeout, ct).ConfigureAwait(false);
                return;
            }
        }
    }

    private static HttpRequestMessage BuildRequest(DownloadRequest request, Uri url, long existing, bool sendAuthorization)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        foreach ((string name, string value) in request.Headers)
        {
            if (!sendAuthorization && string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value))
                throw new ArgumentException($"Header '{name}' cannot be sent as a request header.", nameof(request));
        }
        if (existing > 0) message.Headers.Range = new RangeHeaderValue(existing, null);
        return message;
    }

    private async Task ReceiveBodyAsync(TransferState state, HttpResponseMessage response, long existing,
        CancellationTokenSource timeout, CancellationToken ct)
    {
        ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
        bool append = response.StatusCode == HttpStatusCode.PartialContent && existing > 0 && range?.From == existing;
        if (response.StatusCode == HttpStatusCode.PartialContent && !append)
        {
            // A range we did not ask for: the partial file cannot be trusted; start again from zero.
            File.Delete(state.Request.PartialPath);
            throw new TransientDownloadError($"server answered with an unexpected range ({range}) for {response.RequestMessage?.RequestUri}");
        }
        // 200 on a ranged request means the server ignored Range: overwrite from the start.
        long start = append ? existing : 0;
        long? contentLength = response.Content.Headers.ContentLength;
        state.TotalBytes = state.Request.ExpectedSize ?? range?.Length ?? (contentLength is long n ? start + n : null);

        byte[] buffer = new byte[BufferSize];
        long written = start;
        await using (var file = new FileStream(state.Request.PartialPath, append ? FileMode.Append : FileMode.Create,
                         FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
        {
            try
            {
                timeout.CancelAfter(_options.ReadTimeout);
                await using Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    timeout.CancelAfter(_options.ReadTimeout);
                    int read = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                    if (read == 0) break;
                    await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    written += read;
                    state.Report(written, read, force: false, _options.ProgressInterval);
                }
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new TransientDownloadError($"no data from {state.FinalUrl.Host} for {_options.ReadTimeout.TotalSeconds:0.#} s after {written:N0} bytes", null, e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new TransientDownloadError($"connection dropped after {written:N0} bytes: {e.Message}", null, e);
            }
            finally
            {
                await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        state.Report(written, 0, force: true, _options.ProgressInterval);
        if (contentLength is long length && written - start < length)
            throw new TransientDownloadError($"connection closed after {written - start:N0} of {length:N0} bytes");
    }

    private static async Task<(DownloadVerificationException? Failure, ExpectedHash? Hash, long Size)> VerifyAsync(
        TransferState state, CancellationToken ct)
    {
        DownloadRequest request = state.Request;
        long size = state.PartLength();
        if (request.ExpectedSize is long expected && size != expected)
            return (new DownloadVerificationException(request.Url, request.DestinationPath, "size",
                $"{expected:N0} bytes", $"{size:N0} bytes"), null, size);

        HashAlgorithmKind algorithm = request.ExpectedHash?.Algorithm ?? HashAlgorithmKind.Sha256;
        string hex = File.Exists(request.PartialPath)
            ? await FileHash.ComputeHexAsync(request.PartialPath, algorithm, ct).ConfigureAwait(false)
            : FileHash.ComputeHex(ReadOnlySpan<byte>.Empty, algorithm);
        var found = new ExpectedHash(algorithm, hex);
        if (request.ExpectedHash is ExpectedHash want && !want.Matches(hex))
            return (new DownloadVerificationException(request.Url, request.DestinationPath,
                algorithm.ToString().ToLowerInvariant(), want.Hex, hex), found, size);
        if (!File.Exists(request.PartialPath)) await File.WriteAllBytesAsync(request.PartialPath, [], ct).ConfigureAwait(false);
        return (null, found, size);
    }

    private static string? CleanETag(string? tag)
    {
        if (tag is null) return null;
        string t = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
        return t.Trim('"');
    }

    /// <summary>Mutable bookkeeping of one <see cref="DownloadAsync"/> call (never shared between calls).</summary>
    private sealed class TransferState(DownloadRequest request, IProgress<DownloadProgress>? progress, TimeProvider time)
    {
        private readonly long _startTimestamp = time.GetTimestamp();
        private long _lastReportTimestamp;
        private long _bytesThisCall;

        public DownloadRequest Request { get; } = request;
        public int Attempts { get; set; }
        public long ResumedFromBytes { get; set; }
        public Uri FinalUrl { get; set; } = request.Url;
        public string? ETag { get; set; }
        public long? TotalBytes { get; set; } = request.ExpectedSize;

        public long PartLength() => File.Exists(Request.PartialPath) ? new FileInfo(Request.PartialPath).Length : 0;

        public void Report(long bytesDone, int justRead, bool force, TimeSpan interval)
        {
            _bytesThisCall += justRead;
            if (progress is null) return;
            long now = time.GetTimestamp();
            if (!force && time.GetElapsedTime(_lastReportTimestamp, now) < interval) return;
            _lastReportTimestamp = now;
            double seconds = time.GetElapsedTime(_startTimestamp, now).TotalSeconds;
            progress.Report(new DownloadProgress(bytesDone, TotalBytes, seconds > 0 ? _bytesThisCall / seconds : 0));
        }
    }
}
