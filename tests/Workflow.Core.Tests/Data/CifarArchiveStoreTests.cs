using Workflow.Core.Data;
using Workflow.Core.Net;
using Workflow.Core.Tests.Net;

namespace Workflow.Core.Tests.Data;

public sealed class CifarArchiveStoreTests : IDisposable
{
    private static readonly DownloadOptions Fast = new() { MaxAttempts = 2, InitialBackoff = TimeSpan.Zero };
    private readonly string _root = Directory.CreateTempSubdirectory("idim-data-").FullName;
    private readonly HttpClient _client = HttpDownloader.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private DatasetCatalog Catalog(CifarArchive archive) =>
        new(_root, new HttpDownloader(_client, Fast), name => name == archive.Name ? archive : throw new InvalidOperationException());

    private static LoopbackHttpServer Serve(byte[] archive) =>
        new((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, archive));

    [Fact]
    public async Task Should_SayTheArchiveCanBeDroppedIn_When_TheDownloadFailsWithoutReceivingAnything()
    {
        // A server that answers 503 to everything: transient, so every attempt is spent, and no byte arrives.
        using var server = new LoopbackHttpServer((_, ctx) => { ctx.Response.StatusCode = 503; ctx.Response.Close(); return Task.CompletedTask; });
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 1);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("cifar-10-binary.tar.gz"), tarGz);

        var error = await Assert.ThrowsAsync<DownloadException>(() => Catalog(spec).PrepareAsync(DatasetName.Cifar10));

        Assert.Contains($"put cifar-10-binary.tar.gz into {_root}", error.Message);
        Assert.Contains("$IDIM_DATA", error.Message);
        Assert.Contains("No bytes were received", error.Message);
        Assert.DoesNotContain("were kept", error.Message);
    }

    [Fact]
    public async Task Should_DownloadVerifyExtractAndRead_When_DataFolderIsEmpty()
    {
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 20);
        using var server = Serve(tarGz);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("cifar-10-binary.tar.gz"), tarGz);
        DatasetCatalog catalog = Catalog(spec);

        PreparedDataset prepared = await catalog.PrepareAsync(DatasetName.Cifar10);
        LabeledImages train = catalog.Load(new DatasetSpec(DatasetName.Cifar10, DatasetSplit.Train));
        LabeledImages test = catalog.Load(new DatasetSpec(DatasetName.Cifar10, DatasetSplit.Test));

        Assert.Equal(Path.Combine(_root, "cifar-10-batches-bin"), prepared.Folder);
        Assert.Equal(spec.Md5, Assert.Single(prepared.Inputs).Hash.Hex);
        Assert.Equal(100, train.Count);
        Assert.Equal(20, test.Count);
        Assert.Equal(CifarTestArchive.Cifar10Names, train.ClassNames);
        Assert.Equal(Enumerable.Range(0, 100), train.SourceIndices);
        // Record 3 of data_batch_2 is training image 23: label (3 + 2) % 10, pixel (y=4, x=9) green.
        Assert.Equal(5, train.Labels[23]);
        Assert.Equal(CifarTestArchive.PlanarValue(2, 3, 1, 4 * 32 + 9), train.Image(23)[(4 * 32 + 9) * 3 + 1]);
        Assert.Equal(CifarTestArchive.PlanarValue(0, 19, 2, 1023), test.Image(19)[1023 * 3 + 2]);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Should_NotDownloadAgain_When_ArchiveIsVerified()
    {
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 2);
        using var server = Serve(tarGz);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("c10.tar.gz"), tarGz);
        await Catalog(spec).PrepareAsync(DatasetName.Cifar10);

        await Catalog(spec).PrepareAsync(DatasetName.Cifar10);                 // a new process: stamp + marker, nothing to do
        Directory.Delete(Path.Combine(_root, spec.FolderName), recursive: true);
        await Catalog(spec).PrepareAsync(DatasetName.Cifar10);                 // extracted folder gone: re-extract, no download

        Assert.Single(server.Requests);
        Assert.True(new CifarArchiveStore(_root, new HttpDownloader(_client)).IsReady(spec));
    }

    [Fact]
    public async Task Should_FetchAgain_When_CachedArchiveIsCorrupt()
    {
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 2);
        using var server = Serve(tarGz);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("c10.tar.gz"), tarGz);
        await Catalog(spec).PrepareAsync(DatasetName.Cifar10);
        byte[] corrupt = (byte[])tarGz.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;
        string archivePath = Path.Combine(_root, spec.FileName);
        await File.WriteAllBytesAsync(archivePath, corrupt); // same size, new mtime: the stamp no longer matches

        await Catalog(spec).PrepareAsync(DatasetName.Cifar10);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(tarGz, await File.ReadAllBytesAsync(archivePath));
    }

    [Fact]
    public async Task Should_FailClearlyAndCacheNothing_When_Md5Mismatches()
    {
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 2);
        using var server = Serve(tarGz);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("c10.tar.gz"), tarGz) with { Md5 = "0123456789abcdef0123456789abcdef" };

        var error = await Assert.ThrowsAsync<DownloadVerificationException>(() => Catalog(spec).PrepareAsync(DatasetName.Cifar10));

        Assert.Contains("md5 expected 0123456789abcdef0123456789abcdef", error.Message);
        Assert.Contains(FileHash.ComputeHex(tarGz, HashAlgorithmKind.Md5), error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Should_FailClearlyAndCacheNothing_When_ServerSendsTruncatedArchive()
    {
        byte[] tarGz = CifarTestArchive.Cifar10(recordsPerBatch: 2);
        using var server = Serve(tarGz[..(tarGz.Length / 2)]);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("c10.tar.gz"), tarGz);

        var error = await Assert.ThrowsAsync<DownloadVerificationException>(() => Catalog(spec).PrepareAsync(DatasetName.Cifar10));

        Assert.Equal("size", error.Check);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Should_FailClearlyAndCacheNothing_When_ArchiveWithMatchingChecksumIsTruncated()
    {
        byte[] truncated = CifarTestArchive.Cifar10(recordsPerBatch: 2);
        truncated = truncated[..(truncated.Length * 2 / 3)];
        using var server = Serve(truncated);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar10, server.Url("c10.tar.gz"), truncated); // checksum of the truncated bytes

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Catalog(spec).PrepareAsync(DatasetName.Cifar10));

        Assert.Contains("truncated or corrupt", error.Message);
        Assert.Contains("What to do", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root)); // archive, stamp and staging folder all gone
    }

    [Fact]
    public async Task Should_ReadFineAndCoarseLabelsWithNames_When_DatasetIsCifar100()
    {
        byte[] tarGz = CifarTestArchive.Cifar100(trainRecords: 200, testRecords: 10);
        using var server = Serve(tarGz);
        CifarArchive spec = CifarTestArchive.Spec(CifarArchive.Cifar100, server.Url("c100.tar.gz"), tarGz);
        DatasetCatalog catalog = Catalog(spec);
        await catalog.PrepareAsync(DatasetName.Cifar100);

        LabeledImages fine = catalog.Load(new DatasetSpec(DatasetName.Cifar100, DatasetSplit.Train, PerClass: 2, Seed: 1));
        LabeledImages coarse = catalog.Load(new DatasetSpec(DatasetName.Cifar100, DatasetSplit.Train, PerClass: 10, Seed: 1, Labels: LabelKind.Coarse));

        Assert.Equal(100, fine.ClassNames.Count);
        Assert.Equal("fine_42", fine.ClassNames[42]);
        Assert.Equal(200, fine.Count);
        Assert.All(Enumerable.Range(0, fine.Count), i => Assert.Equal((3 * fine.SourceIndices[i] + 1) % 100, fine.Labels[i]));
        Assert.Equal(20, coarse.ClassNames.Count);
        Assert.Equal(200, coarse.Count);
        Assert.All(Enumerable.Range(0, coarse.Count), i => Assert.Equal(coarse.SourceIndices[i] % 20, coarse.Labels[i]));
    }
}
