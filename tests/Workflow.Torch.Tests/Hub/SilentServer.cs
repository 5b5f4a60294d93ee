using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflow.Torch.Tests.Hub;

/// <summary>
/// A loopback TCP server that misbehaves the way a hung host does: it accepts every connection and then either never
/// answers, or sends the headers of a 200 (with a Content-Length) and <see cref="BodyBytesBeforeStall"/> body bytes and
/// then nothing more, holding the connection open.
/// </summary>
internal sealed class SilentServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public SilentServer(int? bodyBytesBeforeStall = null)
    {
        BodyBytesBeforeStall = bodyBytesBeforeStall;
        listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public int? BodyBytesBeforeStall { get; }
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public string Url => $"http://127.0.0.1:{Port}";
    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            lock (held) held.Add(client);
            if (BodyBytesBeforeStall is int bytes) _ = Task.Run(() => StallMidBodyAsync(client, bytes));
        }
    }

    private async Task StallMidBodyAsync(TcpClient client, int bytes)
    {
        try
        {
            NetworkStream stream = client.GetStream();
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer, stop.Token); // the request
            string head = $"HTTP/1.1 200 OK\r\nContent-Length: {bytes * 100}\r\nContent-Type: application/octet-stream\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
            await stream.WriteAsync(new byte[bytes], stop.Token);
            await stream.FlushAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the test is over
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held) foreach (TcpClient c in held) c.Dispose();
    }
}
