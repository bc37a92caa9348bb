using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>
/// An in-process Kestrel target on a loopback port with controllable latency and failures:
/// <c>/ok</c>, <c>/status/{code}</c>, <c>/bighead</c> (a 20 kB header), <c>/delay/{ms}</c>, <c>/reset</c> (aborts the connection), <c>/chunked</c>,
/// <c>/track/{ms}</c> (records how many requests were in flight when each arrived), and a global stall switch.
/// </summary>
public sealed class TargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private long _stallUntil;

    private TargetServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>In-flight counts seen by arrivals at /track (including the arrival itself).</summary>
    public ConcurrentQueue<int> ArrivalConcurrency { get; } = new();

    public int MaxInFlight;

    /// <summary>The protocol of every request served ("HTTP/1.1", "HTTP/2").</summary>
    public ConcurrentQueue<string> Protocols { get; } = new();

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Every request arriving from now until <paramref name="duration"/> later is held until then.</summary>
    public void StallFor(TimeSpan duration) =>
        Interlocked.Exchange(ref _stallUntil, TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency));

    /// <summary>Starts the server; <paramref name="http2Only"/> speaks cleartext HTTP/2 only (prior knowledge, h2c).</summary>
    public static async Task<TargetServer> StartAsync(bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1));
        // 1000 clients connect at once in the concurrency test: a deep accept queue keeps SYNs from being retried.
        builder.Services.Configure<SocketTransportOptions>(o => o.Backlog = 4096);
        var app = builder.Build();
        var server = new TargetServer(app);
        app.Use(async (ctx, next) =>
        {
            server.Protocols.Enqueue(ctx.Request.Protocol);
            var now = Interlocked.Increment(ref server._inFlight);
            int max;
            while (now > (max = Volatile.Read(ref server.MaxInFlight)) && Interlocked.CompareExchange(ref server.MaxInFlight, now, max) != max)
            {
            }

            try
            {
                var until = Interlocked.Read(ref server._stallUntil);
                var wait = (until - TimeProvider.System.GetTimestamp()) / (double)TimeProvider.System.TimestampFrequency;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait));
                }

                await next(ctx);
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
        });
        app.MapGet("/ok", () => "ok\n");
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/delay/{ms:int}", async (int ms) =>
        {
            await Task.Delay(ms);
            return "late\n";
        });
        app.MapGet("/reset", (HttpContext ctx) =>
        {
            ctx.Abort();
            return Results.Empty;
        });
        app.MapGet("/bighead", (HttpContext ctx) =>
        {
            ctx.Response.Headers["X-Padding"] = new string('p', 20_000);
            return "big head\n";
        });
        app.MapGet("/chunked", async (HttpContext ctx) =>
        {
            await ctx.Response.WriteAsync("first chunk ");
            await ctx.Response.Body.FlushAsync();
            await ctx.Response.WriteAsync("second chunk\n");
        });
        app.MapGet("/track/{ms:int}", async (int ms) =>
        {
            server.ArrivalConcurrency.Enqueue(Volatile.Read(ref server._inFlight));
            await Task.Delay(ms);
            return "tracked\n";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
