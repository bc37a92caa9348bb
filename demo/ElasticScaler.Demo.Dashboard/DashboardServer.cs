using System.Globalization;
using System.Text.RegularExpressions;
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
/// <c>GET /api/timeline</c> as the <see cref="TimelineSnapshot"/> in camelCase JSON (phase as a string), and
/// <c>GET /api/timeline?since=N&amp;sinceEvents=M</c> as the <see cref="TimelineUpdate"/> past the N samples and M
/// events the page already holds, so a poll each second stays small however long the demo runs.
/// </summary>
public sealed partial class DashboardServer : IAsyncDisposable
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
        app.MapGet("/api/timeline", (HttpContext http) => Timeline(http, timeline));
        app.MapGet("/", (HttpContext http) => Asset(http, "index.html"));
        app.MapGet("/assets/{file}", (HttpContext http, string file) => Asset(http, file));
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static IResult Timeline(HttpContext http, DemoTimeline timeline)
    {
        // The timeline changes every second: a cached copy would freeze the charts.
        http.Response.Headers.CacheControl = "no-store";
        var query = http.Request.Query;
        if (!query.ContainsKey("since") && !query.ContainsKey("sinceEvents"))
            return Results.Json(timeline.Snapshot());
        if (Count(query, "since") is not { } samples)
            return BadCount(query, "since", "samples");
        if (Count(query, "sinceEvents") is not { } events)
            return BadCount(query, "sinceEvents", "events");
        return Results.Json(timeline.Since(samples, events));
    }

    /// <summary>A count the page holds: absent means 0; otherwise a whole number of 0 or more, or null when it is not.</summary>
    private static int? Count(IQueryCollection query, string name) =>
        !query.TryGetValue(name, out var raw) ? 0
        : raw.Count == 1 && int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : null;

    private static IResult BadCount(IQueryCollection query, string name, string what) =>
        Results.BadRequest($"{name}: expected the number of {what} the page holds (a whole number, 0 or more), got '{query[name]}'");

    private static IResult Asset(HttpContext http, string file)
    {
        // Only the plain names embedded from wwwroot are served; anything with a separator or ".." is not a name there.
        if (!AssetName().IsMatch(file))
            return Results.NotFound();
        var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null)
            return Results.NotFound();
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml; charset=utf-8",
            _ => "application/octet-stream",
        };
        // The assets are part of this build: a browser may keep them but asks again, so a rebuilt demo shows its own page.
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, type);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+$")]
    private static partial Regex AssetName();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
