using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Workflow.Core.Tests.Net;

/// <summary>One request as the loopback server saw it.</summary>
internal sealed record LoopbackRequest(int Index, string Method, Uri Url, string? Range, string? Authorization);

/// <summary>
/// A tiny HTTP server on a free loopback port (HttpListener), driven by a handler per test. Chosen over
/// WireMock.Net because tests need a connection dropped mid-body (write part of a declared Content-Length,
/// then abort), which HttpListener does with <see cref="HttpListenerResponse.Abort"/>.
/// Reachable both as <c>localhost</c> and <c>127.0.0.1</c>, so a redirect can change the host name.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<LoopbackRequest, HttpListenerContext, Task> _handler;
    private readonly Task _loop;
    private int _count;

    public LoopbackHttpServer(Func<LoopbackRequest, HttpListenerContext, Task> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://*:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<LoopbackRequest> Requests { get; } = new();

    /// <summary>URL of <paramref name="path"/> under host name <paramref name="host"/>.</summary>
    public Uri Url(string path, string host = "127.0.0.1") => new($"http://{host}:{Port}/{path.TrimStart('/')}");

    /// <summary>Writes <paramref name="content"/> as a 200, or a 206 when the request has a satisfiable Range and
    /// <paramref name="honourRange"/>; when <paramref name="dropAfter"/> is set, aborts after that many body bytes.</summary>
    public static async Task ServeAsync(HttpListenerContext ctx, byte[] content, bool honourRange = true, int? dropAfter = null)
    {
        long start = 0;
        string? range = ctx.Request.Headers["Range"];
        if (honourRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                ctx.Response.StatusCode = 416;
                ctx.Response.Headers["Content-Range"] = $"bytes */{content.Length}";
                ctx.Response.Close();
                return;
            }
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength64 = content.Length - start;
        ctx.Response.Headers["ETag"] = "\"abc123\"";
        int toWrite = (int)(content.Length - start);
        if (dropAfter is int drop && drop < toWrite)
        {
            await ctx.Response.OutputStream.WriteAsync(content.AsMemory((int)start, drop));
            await ctx.Response.OutputStream.FlushAsync();
            ctx.Response.Abort();
            return;
        }
        await ctx.Response.OutputStream.WriteAsync(content.AsMemory((int)start, toWrite));
        ctx.Response.Close();
    }

    /// <summary>Answers with a bare status code (and optional headers).</summary>
    public static void Status(HttpListenerContext ctx, int code, params (string Name, string Value)[] headers)
    {
        ctx.Response.StatusCode = code;
        foreach ((string name, string value) in headers) ctx.Response.Headers[name] = value;
        ctx.Response.ContentLength64 = 0;
        ctx.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var request = new LoopbackRequest(Interlocked.Increment(ref _count) - 1, ctx.Request.HttpMethod, ctx.Request.Url!,
                ctx.Request.Headers["Range"], ctx.Request.Headers["Authorization"]);
            Requests.Enqueue(request);
            _ = Task.Run(async () =>
            {
                try { await _handler(request, ctx); }
                catch (Exception) { try { ctx.Response.Abort(); } catch (Exception) { } }
            });
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
