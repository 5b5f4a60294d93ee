using System.Net;

namespace Workflow.Core.Net;

/// <summary>The server answered with an error status that retrying will not fix (401, 403, 404, other 4xx).</summary>
public sealed class DownloadHttpException : DownloadException
{
    /// <summary>Creates the exception; the message says what the status means and what to do.</summary>
    public DownloadHttpException(Uri url, Uri responseUrl, HttpStatusCode statusCode)
        : base(url, Describe(responseUrl, statusCode))
    {
        StatusCode = statusCode;
        ResponseUrl = responseUrl;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The URL that answered with <see cref="StatusCode"/> (after redirects).</summary>
    public Uri ResponseUrl { get; }

    private static string Describe(Uri url, HttpStatusCode code)
    {
        string what = code switch
        {
            HttpStatusCode.Unauthorized =>
                "the server wants credentials. What to do: pass a token (e.g. HF_TOKEN for the Hugging Face Hub) or check that it is still valid.",
            HttpStatusCode.Forbidden =>
                "access is denied. What to do: check that your token has access to this resource (gated repositories need the terms accepted on the website).",
            HttpStatusCode.NotFound =>
                "the file does not exist there. What to do: check the URL (repository id, revision, file name); the host may have moved it.",
            _ => "the request was refused. What to do: check the URL and the request headers.",
        };
        return $"GET {url} failed with HTTP {(int)code} {code}: {what}";
    }
}
