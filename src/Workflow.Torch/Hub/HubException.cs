namespace Workflow.Torch.Hub;

/// <summary>What a failed Hub request was missing.</summary>
public enum HubMissing
{
    /// <summary>Not a "not found" error.</summary>
    None,
    /// <summary>The repository does not exist (or is private and no valid token was sent).</summary>
    Repository,
    /// <summary>The repository exists but not this branch, tag, commit or PR ref.</summary>
    Revision,
    /// <summary>The repository and revision exist but not this file.</summary>
    File,
}

/// <summary>A Hub request failed; the message says what is missing or refused and what to do.</summary>
public sealed class HubException(string message, HubMissing missing = HubMissing.None, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Which of repo / revision / file is missing, for 404s.</summary>
    public HubMissing Missing { get; } = missing;

    /// <summary>The HTTP status, when the failure came from the server.</summary>
    public int? StatusCode { get; } = statusCode;
}
