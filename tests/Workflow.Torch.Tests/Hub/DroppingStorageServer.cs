using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflow.Torch.Tests.Hub;

/// <summary>
/// A loopback "storage host" that drops the connection mid-file: the first GET announces the full Content-Length,
/// sends half the bytes and closes the socket; a GET with <c>Range: bytes=N-</c> gets 206 and the rest. (WireMock
/// always sends complete bodies, so it cannot simulate this.)
/// </summary>
internal sealed class DroppingStorageServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly byte[] content;
    private readonly CancellationTokenSource stop = new();

    public DroppingStorageServer(byte[] content)
    {
        this.content = content;
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Range headers received, in order (null for a request without Range).</summary>
    public List<string?> Ranges { get; } = [];

    /// <summary>Authorization headers received (null when absent).</summary>
    public List<string?> Authorizations { get; } = [];

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/blob";

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            using (client)
            {
                NetworkStream stream = client.GetStream();
                var headers = await ReadHeadersAsync(stream);
                string? range = headers.GetValueOrDefault("range");
                lock (Ranges)
                {
                    Ranges.Add(range);
                    Authorizations.Add(headers.GetValueOrDefault("authorization"));
                }
                if (range is null)
                {
                    await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(content.AsMemory(0, content.Length / 2));
                    await stream.FlushAsync();
                    client.Client.LingerState = new LingerOption(true, 0); // reset: the connection drops mid-file
                }
                else
                {
                    int from = int.Parse(range["bytes=".Length..].TrimEnd('-'));
                    await WriteAsync(stream, $"HTTP/1.1 206 Partial Content\r\nContent-Length: {content.Length - from}\r\n" +
                                             $"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(content.AsMemory(from));
                    await stream.FlushAsync();
                }
            }
        }
    }

    private static async Task<Dictionary<string, string>> ReadHeadersAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) break;
            buffer.Add(one[0]);
        }
        var headers = new Dictionary<string, string>();
        foreach (string line in Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n").Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
