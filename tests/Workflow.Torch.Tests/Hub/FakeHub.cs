using System.Security.Cryptography;
using System.Text;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Workflow.Torch.Tests.Hub;

/// <summary>
/// A loopback Hugging Face Hub on WireMock.Net with the headers the real one sends: HEAD on <c>/resolve/</c> answers
/// with <c>X-Repo-Commit</c> and an <c>ETag</c> (git blob sha1) for small files, or a 302 to a storage host with
/// <c>X-Linked-Etag</c> (sha256) and <c>X-Linked-Size</c> for LFS files. The "storage host" is the same server under
/// the other loopback name (<c>localhost</c> vs <c>127.0.0.1</c>), so a client must drop Authorization there.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    public const string Commit = "4f1e9ad3d2c1b0a99887766554433221100ffeed";

    public FakeHub()
    {
        Server = WireMockServer.Start();
        Port = Server.Ports[0];
    }

    public WireMockServer Server { get; }
    public int Port { get; }

    /// <summary>The Hub endpoint (HF_ENDPOINT).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The storage host LFS redirects go to: same server, another host name.</summary>
    public string StorageHost => $"http://localhost:{Port}";

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The git blob id the Hub sends as ETag for non-LFS files.</summary>
    public static string GitBlobSha1(byte[] content)
    {
        byte[] header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }

    /// <summary>Serves a small (git) file: HEAD and GET on the resolve URL.</summary>
    public void ServeSmallFile(string repo, string encodedRevision, string file, byte[] content, string commit = Commit)
    {
        string path = $"/{repo}/resolve/{encodedRevision}/{file}";
        string etag = GitBlobSha1(content);
        Server.Given(Request.Create().WithPath(path).UsingHead())
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("X-Repo-Commit", commit)
                .WithHeader("ETag", $"\"{etag}\"")
                .WithBody(content));
        Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", $"\"{etag}\"").WithBody(content));
    }

    /// <summary>
    /// Serves an LFS file: HEAD on the resolve URL is a 302 to the storage host; GET there honours Range.
    /// <paramref name="served"/> replaces the bytes actually sent (to test checksum rejection).
    /// </summary>
    public string ServeLfsFile(string repo, string encodedRevision, string file, byte[] content, byte[]? served = null, string commit = Commit)
    {
        string sha = Sha256(content);
        string storagePath = $"/lfs-storage/{sha}";
        Server.Given(Request.Create().WithPath($"/{repo}/resolve/{encodedRevision}/{file}").UsingHead())
            .RespondWith(Response.Create().WithStatusCode(302)
                .WithHeader("Location", StorageHost + storagePath + "?X-Amz-Signature=abc")
                .WithHeader("X-Repo-Commit", commit)
                .WithHeader("X-Linked-Etag", $"\"{sha}\"")
                .WithHeader("X-Linked-Size", content.Length.ToString())
                .WithHeader("ETag", "\"0123456789abcdef0123456789abcdef01234567\""));
        byte[] body = served ?? content;
        Server.Given(Request.Create().WithPath(storagePath).UsingGet())
            .RespondWith(Response.Create().WithCallback(request => RangeResponse(request.Headers, body)));
        return storagePath;
    }

    /// <summary>Answers a Range request with 206 and the tail, otherwise 200 and everything.</summary>
    private static WireMock.ResponseMessage RangeResponse(IDictionary<string, WireMock.Types.WireMockList<string>>? headers, byte[] body)
    {
        long from = 0;
        if (headers is not null && headers.TryGetValue("Range", out var range) && range.FirstOrDefault() is { } value &&
            value.StartsWith("bytes=", StringComparison.Ordinal))
            from = long.Parse(value["bytes=".Length..].TrimEnd('-'));
        byte[] part = body[(int)from..];
        var response = new WireMock.ResponseMessage
        {
            StatusCode = from > 0 ? 206 : 200,
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = part },
            Headers = new Dictionary<string, WireMockList<string>> { ["ETag"] = new(Sha256(body)) },
        };
        if (from > 0) response.Headers["Content-Range"] = new WireMockList<string>($"bytes {from}-{body.Length - 1}/{body.Length}");
        return response;
    }

    /// <summary>HEAD on a file answers 404 with the Hub's X-Error-Code.</summary>
    public void Missing(string repo, string encodedRevision, string file, string errorCode, int status = 404)
    {
        Server.Given(Request.Create().WithPath($"/{repo}/resolve/{encodedRevision}/{file}").UsingHead())
            .AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("X-Error-Code", errorCode));
    }

    /// <summary>Everything under a repo is 404 EntryNotFound unless mapped more specifically.</summary>
    public void EverythingElseMissing(string repo)
    {
        Server.Given(Request.Create().WithPath(new WildcardMatcher($"/{repo}/resolve/*")).UsingHead())
            .AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("X-Error-Code", "EntryNotFound"));
    }

    public void Dispose() => Server.Stop();
}
