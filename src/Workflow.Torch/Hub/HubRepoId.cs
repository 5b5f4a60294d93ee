using System.Text.RegularExpressions;

namespace Workflow.Torch.Hub;

/// <summary>Hub model repo ids (<c>owner/name</c>) and their cache folder names.</summary>
public static partial class HubRepoId
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9_.\-]{1,96}$")]
    private static partial Regex Pattern();

    /// <summary>True for <c>owner/name</c> with the characters the Hub allows (no <c>..</c>, no leading/trailing <c>.</c>/<c>-</c> in the name, no <c>.git</c> ending: huggingface_hub's <c>validate_repo_id</c>).</summary>
    public static bool IsValid(string value) =>
        Pattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) && !value.Contains("--", StringComparison.Ordinal) &&
        !value.EndsWith('.') && !value.EndsWith('-') && !value.EndsWith(".git", StringComparison.Ordinal);

    /// <summary>Mirrors <c>repo_folder_name</c>: <c>models--{owner}--{name}</c> (<c>datasets--…</c> for a dataset repo).</summary>
    public static string CacheFolderName(string repoId, HubRepoType type = HubRepoType.Model) =>
        (type == HubRepoType.Dataset ? "datasets--" : "models--") + repoId.Replace("/", "--", StringComparison.Ordinal);
}
