using System.Security.Cryptography;

namespace Workflow.Torch.Tests.Hub;

/// <summary>
/// Every file, folder and link under a folder except one subtree (the cache), with content hashes and link targets:
/// two snapshots equal means nothing outside the cache was created, changed or deleted.
/// </summary>
internal static class OutsideFolderSnapshot
{
    public static SortedDictionary<string, string> Take(string root, string excludedSubtree)
    {
        string excluded = Path.GetFullPath(excludedSubtree);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string full = Path.GetFullPath(path);
            if (full == excluded || full.StartsWith(excluded + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            var info = new FileInfo(full);
            string relative = Path.GetRelativePath(root, full);
            result[relative] = info.LinkTarget is { } target ? "link->" + target
                : Directory.Exists(full) ? "dir"
                : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)));
        }
        return result;
    }
}
