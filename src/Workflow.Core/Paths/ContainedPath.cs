namespace Workflow.Core.Paths;

/// <summary>
/// Names that come from outside (a server, an index file, an archive, a YAML file) are data, not paths: before one
/// becomes a file-system path it must be a plain relative name (<see cref="Problem"/>), and the path it resolves to
/// must lie inside its root (<see cref="Resolve"/>). The containment test is lexical, on absolute paths without
/// resolving links, like huggingface_hub's <c>_get_pointer_path</c> ("Invalid pointer path").
/// </summary>
public static class ContainedPath
{
    /// <summary>
    /// Why <paramref name="name"/> (segments separated by <c>/</c>) is not a safe relative name, or null when it is:
    /// empty, absolute (<c>/x</c>, <c>C:x</c>), a backslash, an empty / <c>.</c> / <c>..</c> segment, or a control character.
    /// </summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name.Contains('\\', StringComparison.Ordinal)) return "it holds a backslash";
        if (name[0] == '/' || Path.IsPathRooted(name) || (name.Length >= 2 && name[1] == ':')) return "it is an absolute path";
        if (name.Any(char.IsControl)) return "it holds a control character";
        foreach (string segment in name.Split('/'))
        {
            if (segment.Length == 0) return "it has an empty path segment ('//' or a trailing '/')";
            if (segment is "." or "..") return $"it has a '{segment}' path segment";
        }
        return null;
    }

    /// <summary>True when <paramref name="path"/> (made absolute) lies strictly inside <paramref name="root"/>.</summary>
    public static bool IsInside(string root, string path)
    {
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(path);
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.Length > fullRoot.Length + 1 && full.StartsWith(fullRoot + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary>
    /// <c>root/name</c> as an absolute path, after checking that <paramref name="name"/> is a safe relative name and that
    /// the result lies inside <paramref name="root"/>; otherwise <paramref name="error"/> builds the exception to throw
    /// from the reason.
    /// </summary>
    public static string Resolve(string root, string name, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Problem(name) is { } problem) throw error(problem);
        string path = Path.GetFullPath(Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar)));
        if (!IsInside(root, path)) throw error($"it resolves to {path}, outside {Path.GetFullPath(root)}");
        return path;
    }
}
