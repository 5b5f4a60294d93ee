using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflow.Cli.Rehearsal;

/// <summary>An answer of <see cref="LoopbackHttpHost"/>: status, headers, and a body from memory or a file (Range honoured for 200s).</summary>
internal sealed record LoopbackResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[]? Body = null, string? BodyFile = null)
{
    public static LoopbackResponse NotFound(string? errorCode = null) =>
        new(404, errorCode is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Error-Code"] = errorCode });
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (port 0) for rehearsals: one request per connection, HEAD and GET, byte
/// ranges (<c>Range: bytes=N-</c> → 206 with Content-Range), a per-path request count, and a fault switch that drops
/// the connection once after a given number of body bytes (a dropped download of a multi-GB file).
/// </summary>
internal sealed class LoopbackHttpHost : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string, LoopbackResponse> handler;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, int> requests = new();
    private readonly ConcurrentDictionary<string, long> dropAfter = new();
    private readonly Task loop;

    /// <param name="handler">(method, path) → answer.</param>
    public LoopbackHttpHost(Func<string, string, LoopbackResponse> handler)
    {
        this.handler = handler;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    /// <summary>Requests seen per "METHOD path", with " (range)" appended for requests with a Range header.</summary>
    public IReadOnlyDictionary<string, int> Requests => requests;

    /// <summary>The next GET of <paramref name="path"/> sends <paramref name="bytes"/> body bytes, then closes the connection.</summary>
    public void DropOnceAfter(string path, long bytes) => dropAfter[path] = bytes;

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                var (method, target, headers) = await ReadRequest(stream).ConfigureAwait(false);
                string path = Uri.UnescapeDataString(target.Split('?')[0]);
                string key = $"{method} {path}" + (headers.ContainsKey("Range") ? " (range)" : "");
                requests.AddOrUpdate(key, 1, (_, n) => n + 1);
                LoopbackResponse answer = handler(method, path);
                await Write(stream, method, path, answer, headers).ConfigureAwait(false);
            }
            catch (IOException) { }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }
    }

    private static async Task<(string Method, string Target, Dictionary<string, string> Headers)> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 65536)
        {
            if (await stream.ReadAsync(one).ConfigureAwait(false) == 0) throw new IOException("connection closed in the request head");
            buffer.Add(one[0]);
            int n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n') break;
        }
        string[] lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n");
        string[] first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (first[0], first.Length > 1 ? first[1] : "/", headers);
    }

    private async Task Write(NetworkStream stream, string method, string path, LoopbackResponse answer, Dictionary<string, string> request)
    {
        long length = answer.Body?.LongLength ?? (answer.BodyFile is null ? 0 : new FileInfo(answer.BodyFile).Length);
        long from = 0;
        int status = answer.Status;
        var head = new StringBuilder();
        if (status == 200 && request.TryGetValue("Range", out string? range) && range.StartsWith("bytes=", StringComparison.Ordinal) &&
            long.TryParse(range["bytes=".Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out from) && from > 0 && from < length)
            status = 206;
        else from = 0;
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {(status is 200 or 206 ? "OK" : status == 302 ? "Found" : "Error")}\r\n");
        foreach (var (name, value) in answer.Headers) head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        if (status == 206) head.Append(CultureInfo.InvariantCulture, $"Content-Range: bytes {from}-{length - 1}/{length}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length - from}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
        if (method == "HEAD" || length == 0) return;

        long limit = method == "GET" && dropAfter.TryRemove(path, out long drop) ? drop : long.MaxValue;
        Stream body = answer.Body is not null ? new MemoryStream(answer.Body) : File.OpenRead(answer.BodyFile!);
        await using (body.ConfigureAwait(false))
        {
            body.Position = from;
            var chunk = new byte[1 << 16];
            long sent = 0;
            int read;
            while ((read = await body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                int n = (int)Math.Min(read, limit - sent);
                await stream.WriteAsync(chunk.AsMemory(0, n)).ConfigureAwait(false);
                sent += n;
                if (sent >= limit) return; // drop mid-body: the client sees a short read
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        stop.Dispose();
    }
}
