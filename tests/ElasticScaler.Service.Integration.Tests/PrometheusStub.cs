using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>
/// A tiny Prometheus query API on a loopback port, for what a real one cannot be made to do on cue: check the
/// headers a scaler sends, answer slowly, serve https with a self-signed certificate. Every request is recorded;
/// <see cref="Answer"/> decides the reply.
/// </summary>
public sealed class PrometheusStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrometheusStub(WebApplication app) => _app = app;

    /// <summary>The requests seen: path, query string, headers (lowercase names).</summary>
    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    /// <summary>The reply to a request: status code and JSON body. Default: a one-series vector of 1 at the wall clock.</summary>
    public Func<StubRequest, CancellationToken, Task<(int Status, string Body)>> Answer { get; set; } =
        (_, _) => Task.FromResult((200, Vector("1", DateTimeOffset.UtcNow)));

    public Uri Address { get; private set; } = null!;

    public static async Task<PrometheusStub> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var stub = new PrometheusStub(app);
        app.Run(async context =>
        {
            var request = new StubRequest(context.Request.Path.Value ?? "", context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            stub.Requests.Enqueue(request);
            try
            {
                var (status, body) = await stub.Answer(request, context.RequestAborted);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // the client gave up (its timeout)
            }
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return stub;
    }

    /// <summary>An instant-vector answer of one series per value, stamped <paramref name="at"/>.</summary>
    public static string Vector(string value, DateTimeOffset at, params string[] more)
    {
        var stamp = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        var series = new[] { value }.Concat(more).Select((v, i) => $$$"""{"metric":{"series":"{{{i}}}"},"value":[{{{stamp}}},"{{{v}}}"]}""");
        return $$$"""{"status":"success","data":{"resultType":"vector","result":[{{{string.Join(",", series)}}}]}}""";
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}

public sealed record StubRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}
