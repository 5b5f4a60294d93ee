using Workflow.Core.Net;

namespace Workflow.Torch.Hub;

/// <summary>
/// Settings of the Hugging Face Hub client, read from the same environment variables as <c>huggingface_hub</c>
/// (<c>constants.py</c>): <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> (else the token file <c>HF_TOKEN_PATH</c> or
/// <c>$HF_HOME/token</c>), <c>HF_HUB_OFFLINE</c>, <c>HF_HUB_CACHE</c> (else <c>$HF_HOME/hub</c>, else
/// <c>~/.cache/huggingface/hub</c>), <c>HF_HUB_ETAG_TIMEOUT</c> and <c>HF_HUB_DOWNLOAD_TIMEOUT</c> (seconds, default 10).
/// </summary>
public sealed record HubOptions
{
    /// <summary>Which kind of repository this client reads: models (the default) or datasets (<c>/datasets/</c> URLs, <c>datasets--</c> cache folders).</summary>
    public HubRepoType RepoType { get; init; } = HubRepoType.Model;

    /// <summary>The public Hub.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Base URL of the Hub, without a trailing slash.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Access token sent as <c>Authorization: Bearer …</c>, or null.</summary>
    public string? Token { get; init; }

    /// <summary>When true, nothing is requested: files come from the cache or the call fails.</summary>
    public bool Offline { get; init; }

    /// <summary>The cache root holding <c>models--org--name</c> folders.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Retries, timeouts and redirect limits of the HTTP layer.</summary>
    public DownloadOptions Download { get; init; } = DownloadOptions.Default;

    /// <summary>Longest wait for the answer to a metadata HEAD (<c>HF_HUB_ETAG_TIMEOUT</c>, huggingface_hub's default 10 s).</summary>
    public TimeSpan EtagTimeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// When true, a blob already in the cache is re-hashed against its name before use and fetched again when it no
    /// longer matches (what <c>--verify</c> and <c>--force</c> ask for); otherwise the name is trusted, like huggingface_hub.
    /// </summary>
    public bool VerifyCachedBlobs { get; init; }

    /// <summary>Where retry lines and warnings go (one line each, e.g. stderr); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>huggingface_hub's <c>DEFAULT_ETAG_TIMEOUT</c> and <c>DEFAULT_DOWNLOAD_TIMEOUT</c>: 10 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The HTTP client (no automatic redirects, no decompression); null builds <see cref="HttpDownloader.CreateHttpClient"/>.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Reads the environment (or <paramref name="getVariable"/>, for tests).</summary>
    public static HubOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } v ? v : null;

        string home = Get("HF_HOME") ?? Path.Combine(
            Get("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "huggingface");
        string cache = Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(home, "hub");
        string? token = Get("HF_TOKEN") ?? Get("HUGGING_FACE_HUB_TOKEN");
        if (token is null)
        {
            string tokenPath = Get("HF_TOKEN_PATH") ?? Path.Combine(home, "token");
            if (File.Exists(tokenPath)) token = File.ReadAllText(tokenPath).Trim() is { Length: > 0 } t ? t : null;
        }
        return new HubOptions
        {
            Endpoint = (Get("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/'),
            Token = token,
            Offline = IsTrue(Get("HF_HUB_OFFLINE")),
            CacheDirectory = cache,
            EtagTimeout = Seconds(Get("HF_HUB_ETAG_TIMEOUT"), "HF_HUB_ETAG_TIMEOUT"),
            Download = DownloadOptions.Default with { ReadTimeout = Seconds(Get("HF_HUB_DOWNLOAD_TIMEOUT"), "HF_HUB_DOWNLOAD_TIMEOUT") },
        };
    }

    /// <summary>A time-out variable in seconds (huggingface_hub reads them as int); unset means <see cref="DefaultTimeout"/>.</summary>
    private static TimeSpan Seconds(string? value, string variable)
    {
        if (value is null) return DefaultTimeout;
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 && s <= 86_400)
            return TimeSpan.FromSeconds(s);
        throw new HubException($"{variable}='{value}' is not a time-out in seconds: give a number such as 10 (or unset it for the default 10 s).");
    }

    /// <summary>huggingface_hub's <c>_is_true</c>: 1, ON, YES, TRUE (any case).</summary>
    private static bool IsTrue(string? value) =>
        value is not null && value.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";
}
