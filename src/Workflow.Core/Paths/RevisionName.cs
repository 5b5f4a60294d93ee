namespace Workflow.Core.Paths;

/// <summary>
/// A Hub revision (branch, tag, commit or <c>refs/pr/N</c>) becomes the cache path <c>refs/{revision}</c>, so it must be
/// a valid git reference name. The rules are git's <c>check-ref-format</c> (no <c>..</c>, no <c>@{</c>, no control
/// characters, space, <c>~ ^ : ? * [ \</c>, no segment starting with <c>.</c> or ending with <c>.lock</c>, no empty
/// segment, no leading or trailing <c>/</c>, not <c>@</c>), which also make it a safe relative path.
/// </summary>
public static class RevisionName
{
    private const int MaxLength = 255;

    /// <summary>Why <paramref name="revision"/> is not a valid revision name, or null when it is.</summary>
    public static string? Problem(string? revision)
    {
        if (string.IsNullOrEmpty(revision)) return "it is empty";
        if (revision.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (ContainedPath.Problem(revision) is { } pathProblem) return pathProblem;
        if (revision == "@") return "'@' alone is not a revision";
        if (revision.Contains("..", StringComparison.Ordinal)) return "it holds '..'";
        if (revision.Contains("@{", StringComparison.Ordinal)) return "it holds '@{'";
        foreach (char c in revision)
            if (c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\x7f')
                return $"it holds the character '{c}', which git does not allow in a reference name";
        foreach (string segment in revision.Split('/'))
        {
            if (segment.StartsWith('.')) return $"its segment '{segment}' starts with '.'";
            if (segment.EndsWith(".lock", StringComparison.Ordinal)) return $"its segment '{segment}' ends with '.lock'";
        }
        if (revision.EndsWith('.')) return "it ends with '.'";
        return null;
    }
}
