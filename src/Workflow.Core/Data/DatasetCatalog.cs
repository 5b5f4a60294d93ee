using Workflow.Core.Net;

namespace Workflow.Core.Data;

/// <summary>
/// The entry point for datasets: <see cref="PrepareAsync"/> downloads/verifies/extracts (CIFAR) or generates
/// (calibration) into the data folder and returns the input files with their content hashes; <see cref="Load"/>
/// reads a split as <see cref="LabeledImages"/>, with the requested labels and per-class subsample.
/// Calibration data lives in <c>{dataRoot}/calibration/</c>, CIFAR archives and folders directly in <c>{dataRoot}</c>.
/// </summary>
/// <param name="dataRoot">The data folder (see <see cref="DataFolder.Resolve"/>).</param>
/// <param name="downloader">Used for CIFAR archives; when null, one over <see cref="HttpDownloader.CreateHttpClient"/> is made on demand.</param>
/// <param name="archives">Archive definitions (URL, size, md5, members); the official <see cref="CifarArchive.For"/> when null.
/// Tests and mirrors substitute their own.</param>
public sealed class DatasetCatalog(string dataRoot, HttpDownloader? downloader = null, Func<DatasetName, CifarArchive>? archives = null)
{
    private readonly Func<DatasetName, CifarArchive> _archives = archives ?? CifarArchive.For;

    /// <summary>Sub-folder of the calibration dataset.</summary>
    public const string CalibrationFolderName = "calibration";

    private HttpDownloader? _downloader = downloader;

    /// <summary>The data folder.</summary>
    public string DataRoot { get; } = Path.GetFullPath(dataRoot);

    /// <summary>Where the calibration dataset is written.</summary>
    public string CalibrationFolder => Path.Combine(DataRoot, CalibrationFolderName);

    /// <summary>Downloads (or generates) <paramref name="name"/> when needed and returns its files and hashes.
    /// Idempotent and cheap when everything is already in place (no network, no re-hashing of verified archives).</summary>
    public async Task<PreparedDataset> PrepareAsync(DatasetName name, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        if (name == DatasetName.Calibration)
        {
            // Generated data are deterministic and small (≈ 15 MB): a folder that no longer hashes as written is made again.
            if (CalibrationDataset.Problem(CalibrationFolder) is not null) CalibrationDataset.Write(CalibrationFolder);
            var files = new List<PreparedFile>();
            foreach (string file in new[] { "data_batch_1.bin", "test_batch.bin", "batches.meta.txt", CalibrationDataset.LatentDimsFile })
            {
                string path = Path.Combine(CalibrationFolder, file);
                files.Add(new PreparedFile(path, new FileInfo(path).Length,
                    ExpectedHash.Sha256(await FileHash.ComputeHexAsync(path, HashAlgorithmKind.Sha256, ct).ConfigureAwait(false))));
            }
            return new PreparedDataset(name, CalibrationFolder, files);
        }

        CifarArchive archive = _archives(name);
        var store = new CifarArchiveStore(DataRoot, _downloader ??= new HttpDownloader(HttpDownloader.CreateHttpClient()));
        string folder = await store.EnsureExtractedAsync(archive, progress, ct).ConfigureAwait(false);
        string archivePath = store.ArchivePath(archive);
        return new PreparedDataset(name, folder, [new PreparedFile(archivePath, new FileInfo(archivePath).Length, ExpectedHash.Md5(archive.Md5))]);
    }

    /// <summary>Reads <paramref name="spec"/> from a prepared dataset (call <see cref="PrepareAsync"/> first).</summary>
    /// <exception cref="FileNotFoundException">The dataset was not prepared.</exception>
    /// <exception cref="InvalidDataException">A record file is truncated.</exception>
    public LabeledImages Load(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        (string folder, IReadOnlyList<string> files, string namesFile, int minimumNames) = spec.Name switch
        {
            DatasetName.Calibration => (CalibrationFolder,
                (IReadOnlyList<string>)[spec.Split == DatasetSplit.Train ? "data_batch_1.bin" : "test_batch.bin"], "batches.meta.txt", 10),
            _ => Cifar(spec),
        };
        if (!Directory.Exists(folder))
            throw new FileNotFoundException($"Dataset {DatasetSpec.FormatName(spec.Name)} is not prepared: {folder} does not exist. " +
                                            $"What to do: run `idim data fetch --dataset {DatasetSpec.FormatName(spec.Name)}` (or `idim data calibration`).", folder);
        CifarRecordLayout layout = spec.Name == DatasetName.Cifar100 ? CifarRecordLayout.Cifar100 : CifarRecordLayout.Cifar10;
        CifarRecords records = CifarRecordReader.ReadFiles(files.Select(f => Path.Combine(folder, f)).ToArray(), layout, spec.Labels);
        IReadOnlyList<string> names = CifarClassNames.Read(Path.Combine(folder, namesFile), minimumNames);
        var images = new LabeledImages(CifarRecordReader.Side, CifarRecordReader.Side, records.Pixels, records.Labels,
            Enumerable.Range(0, records.Count).ToArray(), names);
        return PerClassSubsampler.Subsample(images, spec.PerClass, spec.Seed);
    }

    private (string, IReadOnlyList<string>, string, int) Cifar(DatasetSpec spec)
    {
        CifarArchive archive = _archives(spec.Name);
        int minimumNames = spec.Name == DatasetName.Cifar10 ? 10 : spec.Labels == LabelKind.Coarse ? 20 : 100;
        return (Path.Combine(DataRoot, archive.FolderName), archive.Files(spec.Split), archive.NamesFile(spec.Labels), minimumNames);
    }
}
