using System.Globalization;

namespace Workflow.Core.Data;

/// <summary>
/// Where the CIFAR archives come from when not from Toronto: <c>IDIM_CIFAR_BASE_URL</c> (a mirror holding the official
/// file names, e.g. <c>http://mirror.example/~kriz/</c>) and, for a rehearsal with synthetic archives only,
/// <c>IDIM_CIFAR_CHECKSUMS</c> (<c>cifar-10-binary.tar.gz=SIZE:MD5;cifar-100-binary.tar.gz=SIZE:MD5</c>), which replaces
/// the published size and md5 the download is verified against (and so the Data stage's fingerprint).
/// </summary>
public static class CifarMirror
{
    /// <summary>The base URL variable.</summary>
    public const string BaseUrlVariable = "IDIM_CIFAR_BASE_URL";

    /// <summary>The checksum override variable.</summary>
    public const string ChecksumsVariable = "IDIM_CIFAR_CHECKSUMS";

    /// <summary><paramref name="official"/> with the environment's mirror and checksums applied (unchanged when neither is set).</summary>
    public static CifarArchive Apply(CifarArchive official, Func<string, string?>? getVariable = null)
    {
        ArgumentNullException.ThrowIfNull(official);
        getVariable ??= Environment.GetEnvironmentVariable;
        CifarArchive archive = official;
        if (getVariable(BaseUrlVariable) is { Length: > 0 } baseUrl)
        {
            if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out Uri? root) || root.Scheme is not ("http" or "https"))
                throw new InvalidDataException($"{BaseUrlVariable} = '{baseUrl}' is not an http(s) URL. Set it to a folder holding {official.FileName}, or unset it to use Toronto.");
            archive = archive with { Url = new Uri(root, official.FileName) };
        }
        if (getVariable(ChecksumsVariable) is { Length: > 0 } checksums)
        {
            foreach (string entry in checksums.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = entry.Split('=', 2);
                string[] value = parts.Length == 2 ? parts[1].Split(':', 2) : [];
                if (value.Length != 2 || !long.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out long size) || value[1].Length != 32)
                    throw new InvalidDataException($"{ChecksumsVariable}: '{entry}' is not FILE=SIZE:MD5 (e.g. cifar-10-binary.tar.gz=170052171:c32a1d4ab5d03f1284b67883e8d87530).");
                if (parts[0] == official.FileName) archive = archive with { Size = size, Md5 = value[1].ToLowerInvariant() };
            }
        }
        return archive;
    }
}
