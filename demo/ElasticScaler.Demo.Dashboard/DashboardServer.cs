using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Demo.Dashboard;

/// <summary>
/// Serves the demo's page on 127.0.0.1: <c>GET /</c> and <c>GET /assets/{file}</c> from the embedded wwwroot,
/// <c>GET /api/timeline</c> as the <see cref="TimelineSnapshot"/> in camelCase JSON (phase as a string).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The page's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving <paramref name="timeline"/> on 127.0.0.1 at <paramref name="port"/> (0 picks a free one).</summary>
    public static async Task<DashboardServer> StartAsync(DemoTimeline timeline, int port = 0, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower)));
        var app = builder.Build();
        app.MapGet("/api/timeline", () => Results.Json(timeline.Snapshot()));
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{file}", (string file) => Asset(file));
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static IResult Asset(string file)
    {
        var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null)
            return Results.NotFound();
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
