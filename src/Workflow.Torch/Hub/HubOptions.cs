using Workflow.Core.Net;

namespace Workflow.Torch.Hub;

/// <summary>
/// Settings of the Hugging Face Hub client, read from the same environment variables as <c>huggingface_hub</c>
/// (<c>constants.py</c>): <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> (else the token file <c>HF_TOKEN_PATH</c> or
/// <c>$HF_HOME/token</c>), <c>HF_HUB_OFFLINE</c>, <c>HF_HUB_CACHE</c> (else <c>$HF_HOME/hub</c>, else
/// <c>~/.cache/huggingface/hub</c>).
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
        };
    }

    /// <summary>huggingface_hub's <c>_is_true</c>: 1, ON, YES, TRUE (any case).</summary>
    private static bool IsTrue(string? value) =>
        value is not null && value.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";
}
