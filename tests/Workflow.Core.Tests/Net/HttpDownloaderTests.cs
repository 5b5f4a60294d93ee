using System.Net;
using Workflow.Core.Net;

namespace Workflow.Core.Tests.Net;

public sealed class HttpDownloaderTests : IDisposable
{
    private static readonly DownloadOptions Fast = new()
    {
        MaxAttempts = 4,
        InitialBackoff = TimeSpan.Zero,
        ReadTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("idim-net-").FullName;
    private readonly HttpClient _client = HttpDownloader.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Content(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Destination => Path.Combine(_folder, "sub", "file.bin");

    [Fact]
    public async Task Should_ResumeWithRange_When_ConnectionDropsMidBody()
    {
        byte[] content = Content(300_000);
        using var server = new LoopbackHttpServer((r, ctx) =>
            LoopbackHttpServer.ServeAsync(ctx, content, dropAfter: r.Index == 0 ? 120_000 : null));
        var downloader = new HttpDownloader(_client, Fast);

        DownloadResult result = await downloader.DownloadAsync(
            new DownloadRequest(server.Url("f"), Destination) { ExpectedSize = content.Length, ExpectedHash = ExpectedHash.Md5(FileHash.ComputeHex(content, HashAlgorithmKind.Md5)) });

        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
        LoopbackRequest[] requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Range);
        Assert.NotNull(requests[1].Range);
        long resumedAt = long.Parse(requests[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 120_000);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(HashAlgorithmKind.Md5, result.Hash.Algorithm);
        Assert.False(File.Exists(Destination + ".part"));
    }

    [Fact]
    public async Task Should_ResumeFromPartialFile_When_PreviousRunLeftOne()
    {
        byte[] content = Content(50_000);
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        await File.WriteAllBytesAsync(Destination + ".part", content[..20_000]);
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content));

        DownloadResult result = await new HttpDownloader(_client, Fast).DownloadAsync(new DownloadRequest(server.Url("f"), Destination));

        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
        Assert.Equal("bytes=20000-", Assert.Single(server.Requests).Range);
        Assert.Equal(20_000, result.ResumedFromBytes);
        Assert.Equal(FileHash.ComputeHex(content, HashAlgorithmKind.Sha256), result.Hash.Hex);
        Assert.Equal("abc123", result.ETag);
    }

    [Fact]
    public async Task Should_Retry_When_ServerReturns500ThenSucceeds()
    {
        byte[] content = Content(10_000);
        using var server = new LoopbackHttpServer((r, ctx) =>
        {
            if (r.Index == 0) { LoopbackHttpServer.Status(ctx, 500); return Task.CompletedTask; }
            return LoopbackHttpServer.ServeAsync(ctx, content);
        });
        var clock = new RecordingTimeProvider();
        var options = Fast with { InitialBackoff = TimeSpan.FromSeconds(2), JitterFraction = 0.5 };

        DownloadResult result = await new HttpDownloader(_client, options, clock).DownloadAsync(new DownloadRequest(server.Url("f"), Destination));

        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
        Assert.Equal(2, result.Attempts);
        Assert.InRange(Assert.Single(clock.Delays).TotalSeconds, 1.0, 3.0); // 2 s ± 50% jitter
    }

    [Fact]
    public async Task Should_WaitRetryAfter_When_ServerReturns429()
    {
        byte[] content = Content(1_000);
        using var server = new LoopbackHttpServer((r, ctx) =>
        {
            if (r.Index == 0) { LoopbackHttpServer.Status(ctx, 429, ("Retry-After", "7")); return Task.CompletedTask; }
            return LoopbackHttpServer.ServeAsync(ctx, content);
        });
        var clock = new RecordingTimeProvider();

        await new HttpDownloader(_client, Fast, clock).DownloadAsync(new DownloadRequest(server.Url("f"), Destination));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(clock.Delays));
    }

    [Fact]
    public async Task Should_GiveUpKeepingPartial_When_EveryAttemptFails()
    {
        byte[] content = Content(10_000);
        using var server = new LoopbackHttpServer((r, ctx) => r.Index == 0
            ? LoopbackHttpServer.ServeAsync(ctx, content, dropAfter: 4_000)
            : Task.Run(() => LoopbackHttpServer.Status(ctx, 503)));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(() =>
            new HttpDownloader(_client, Fast with { MaxAttempts = 3 }).DownloadAsync(new DownloadRequest(server.Url("f"), Destination)));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("503", error.Message);
        Assert.False(File.Exists(Destination));
        Assert.True(File.Exists(Destination + ".part")); // kept so the next run resumes
    }

    [Fact]
    public async Task Should_RestartFromZero_When_ServerIgnoresRange()
    {
        byte[] content = Content(40_000);
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        await File.WriteAllBytesAsync(Destination + ".part", Enumerable.Repeat((byte)0xFF, 10_000).ToArray());
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content, honourRange: false));

        await new HttpDownloader(_client, Fast).DownloadAsync(new DownloadRequest(server.Url("f"), Destination) { ExpectedSize = content.Length });

        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
        Assert.Equal("bytes=10000-", Assert.Single(server.Requests).Range);
    }

    [Fact]
    public async Task Should_DropAuthorization_When_RedirectChangesHost()
    {
        byte[] content = Content(2_000);
        LoopbackHttpServer? self = null;
        using var server = new LoopbackHttpServer((r, ctx) =>
        {
            if (r.Url.AbsolutePath == "/start")
            {
                LoopbackHttpServer.Status(ctx, 302, ("Location", self!.Url("same-host", "localhost").ToString()));
                return Task.CompletedTask;
            }
            if (r.Url.AbsolutePath == "/same-host")
            {
                LoopbackHttpServer.Status(ctx, 307, ("Location", self!.Url("cdn", "127.0.0.1").ToString()));
                return Task.CompletedTask;
            }
            return LoopbackHttpServer.ServeAsync(ctx, content);
        });
        self = server;
        var request = new DownloadRequest(server.Url("start", "localhost"), Destination)
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret" },
        };

        DownloadResult result = await new HttpDownloader(_client, Fast).DownloadAsync(request);

        LoopbackRequest[] requests = server.Requests.ToArray();
        Assert.Equal(["/start", "/same-host", "/cdn"], requests.Select(r => r.Url.AbsolutePath));
        Assert.Equal("Bearer secret", requests[0].Authorization);
        Assert.Equal("Bearer secret", requests[1].Authorization); // same host: kept
        Assert.Null(requests[2].Authorization);                   // new host: dropped
        Assert.Equal("127.0.0.1", result.FinalUrl.Host);
        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
    }

    [Fact]
    public async Task Should_LeaveNothingCached_When_ChecksumMismatches()
    {
        byte[] content = Content(5_000);
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content));
        string wrong = FileHash.ComputeHex(Content(5_000, seed: 2), HashAlgorithmKind.Md5);
        string actual = FileHash.ComputeHex(content, HashAlgorithmKind.Md5);

        var error = await Assert.ThrowsAsync<DownloadVerificationException>(() => new HttpDownloader(_client, Fast)
            .DownloadAsync(new DownloadRequest(server.Url("f"), Destination) { ExpectedHash = ExpectedHash.Md5(wrong) }));

        Assert.Equal("md5", error.Check);
        Assert.Contains(wrong, error.Message);
        Assert.Contains(actual, error.Message);
        Assert.Contains("What to do", error.Message);
        Assert.False(File.Exists(Destination));
        Assert.False(File.Exists(Destination + ".part"));
    }

    [Fact]
    public async Task Should_RefetchFromZeroOnce_When_StalePartialFailsVerification()
    {
        byte[] content = Content(8_000);
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        await File.WriteAllBytesAsync(Destination + ".part", Content(3_000, seed: 9)); // corrupt leftover
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content));
        var request = new DownloadRequest(server.Url("f"), Destination)
        {
            ExpectedSize = content.Length,
            ExpectedHash = ExpectedHash.Sha256(FileHash.ComputeHex(content, HashAlgorithmKind.Sha256)),
        };

        await new HttpDownloader(_client, Fast).DownloadAsync(request);

        Assert.Equal(content, await File.ReadAllBytesAsync(Destination));
        Assert.Equal(["bytes=3000-", null], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public async Task Should_FailOnSize_When_ServerSendsFewerBytesThanExpected()
    {
        byte[] content = Content(1_000);
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content));

        var error = await Assert.ThrowsAsync<DownloadVerificationException>(() => new HttpDownloader(_client, Fast)
            .DownloadAsync(new DownloadRequest(server.Url("f"), Destination) { ExpectedSize = 2_000 }));

        Assert.Equal("size", error.Check);
        Assert.Contains("2,000 bytes", error.Message);
        Assert.Contains("1,000 bytes", error.Message);
        Assert.False(File.Exists(Destination + ".part"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Should_ThrowTypedErrorWithoutRetrying_When_StatusIsClientError(int status)
    {
        using var server = new LoopbackHttpServer((_, ctx) => { LoopbackHttpServer.Status(ctx, status); return Task.CompletedTask; });
        Uri url = server.Url("missing.bin");

        var error = await Assert.ThrowsAsync<DownloadHttpException>(() =>
            new HttpDownloader(_client, Fast).DownloadAsync(new DownloadRequest(url, Destination)));

        Assert.Equal(status, (int)error.StatusCode);
        Assert.Equal(url, error.Url);
        Assert.Contains(url.ToString(), error.Message);
        Assert.Contains($"HTTP {status}", error.Message);
        Assert.Contains("What to do", error.Message);
        Assert.Single(server.Requests);
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task Should_ReportProgressUpToTotal_When_Downloading()
    {
        byte[] content = Content(3_000_000);
        using var server = new LoopbackHttpServer((_, ctx) => LoopbackHttpServer.ServeAsync(ctx, content));
        var reports = new List<DownloadProgress>();
        var progress = new SynchronousProgress<DownloadProgress>(reports.Add);

        await new HttpDownloader(_client, Fast).DownloadAsync(new DownloadRequest(server.Url("f"), Destination), progress);

        Assert.NotEmpty(reports);
        Assert.Equal(content.Length, reports[^1].BytesDone);
        Assert.Equal(content.Length, reports[^1].TotalBytes);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));
    }

    /// <summary>Progress that reports on the caller's thread (Progress&lt;T&gt; posts to the pool, racing asserts).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
