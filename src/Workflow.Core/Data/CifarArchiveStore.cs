using Workflow.Core.Net;

namespace Workflow.Core.Data;

/// <summary>
/// Keeps CIFAR archives in a data folder: downloads (resumable) when absent, verifies the md5 once and records it in
/// a <see cref="VerificationStamp"/> so a verified archive is never downloaded or hashed twice, detects a corrupt or
/// partial archive (no valid stamp, md5 differs) and fetches it again, and extracts it atomically.
/// </summary>
/// <param name="dataRoot">The data folder (see <see cref="DataFolder"/>).</param>
/// <param name="downloader">The downloader used when an archive is missing or corrupt.</param>
public sealed class CifarArchiveStore(string dataRoot, HttpDownloader downloader)
{
    /// <summary>The data folder.</summary>
    public string DataRoot { get; } = Path.GetFullPath(dataRoot);

    /// <summary>Where <paramref name="archive"/>'s .tar.gz is kept.</summary>
    public string ArchivePath(CifarArchive archive) => Path.Combine(DataRoot, archive.FileName);

    /// <summary>Where <paramref name="archive"/> is extracted.</summary>
    public string ExtractedFolder(CifarArchive archive) => Path.Combine(DataRoot, archive.FolderName);

    /// <summary>True when the archive is verified and extracted (nothing to do).</summary>
    public bool IsReady(CifarArchive archive) =>
        VerificationStamp.IsValid(ArchivePath(archive), archive.Md5) && TarGzExtractor.IsExtracted(ExtractedFolder(archive), archive.Md5);

    /// <summary>Makes sure the archive is present and verified: reuses a stamped one, re-hashes an unstamped one,
    /// and downloads when absent or corrupt.</summary>
    /// <returns>The archive path.</returns>
    /// <exception cref="DownloadVerificationException">The downloaded bytes do not have the published size or md5.</exception>
    public async Task<string> EnsureArchiveAsync(CifarArchive archive, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        string path = ArchivePath(archive);
        if (VerificationStamp.IsValid(path, archive.Md5)) return path;
        if (File.Exists(path))
        {
            // Present but not (or no longer) stamped: a copy from elsewhere, or a file that changed. Hash it once.
            if (new FileInfo(path).Length == archive.Size && await VerificationStamp.VerifyAndStampAsync(path, archive.Md5, ct).ConfigureAwait(false))
                return path;
            File.Delete(path);
            VerificationStamp.Delete(path);
        }

        Directory.CreateDirectory(DataRoot);
        var request = new DownloadRequest(archive.Url, path) { ExpectedSize = archive.Size, ExpectedHash = ExpectedHash.Md5(archive.Md5) };
        try
        {
            await downloader.DownloadAsync(request, progress, ct).ConfigureAwait(false);
        }
        catch (DownloadFailedException e)
        {
            // Offline clusters: the archive can be copied in by hand; it is then md5-checked and used as is.
            throw new DownloadException(e.Url, e.Message + $" Without network access: download {archive.Url} (md5 {archive.Md5}) elsewhere and " +
                                                 $"put {archive.FileName} into {DataRoot} (the data folder: $IDIM_DATA, else artifacts/data); it is verified and used as is.", e);
        }
        VerificationStamp.Write(path, archive.Md5);
        return path;
    }

    /// <summary>Makes sure the archive is verified and extracted; returns the extracted folder.</summary>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt although its checksum matched
    /// (the archive and its stamp are deleted so the next run downloads it again).</exception>
    public async Task<string> EnsureExtractedAsync(CifarArchive archive, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        string archivePath = await EnsureArchiveAsync(archive, progress, ct).ConfigureAwait(false);
        string folder = ExtractedFolder(archive);
        if (TarGzExtractor.IsExtracted(folder, archive.Md5)) return folder;
        string[] required = [.. archive.TrainFiles, .. archive.TestFiles, archive.FineNamesFile, .. archive.CoarseNamesFile is null ? Array.Empty<string>() : [archive.CoarseNamesFile]];
        try
        {
            return TarGzExtractor.Extract(archivePath, DataRoot, archive.FolderName, archive.Md5, required, ct);
        }
        catch (InvalidDataException)
        {
            File.Delete(archivePath);
            VerificationStamp.Delete(archivePath);
            throw;
        }
    }
}
