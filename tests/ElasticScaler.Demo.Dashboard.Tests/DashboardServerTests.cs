using System.Net;
using System.Text.Json;

namespace ElasticScaler.Demo.Dashboard.Tests;

/// <summary>The server's contract with the page: the timeline's JSON field names, the assets and nothing else.</summary>
public sealed class DashboardServerTests : IAsyncLifetime
{
    private readonly DemoTimeline _timeline = new("Dashboard contract");
    private readonly HttpClient _http = new();
    private DashboardServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync(_timeline);
        _http.BaseAddress = _server.Url;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static string[] Names(JsonElement o) => [.. o.EnumerateObject().Select(p => p.Name)];

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_timeline_has_exactly_the_field_names_the_page_reads()
    {
        _timeline.Add(new DemoSample(-2, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0));
        _timeline.Add(new DemoSample(1, 40, 80.5, 12, 30, 45, 0.995, 3, 2, 1, 1, 0.0123));
        _timeline.Add(new DemoEvent(1, "ScaledUp", "desired 5 from 3: cpu 84% > 70%"));

        var starting = await GetJsonAsync("api/timeline");
        Assert.Equal(["title", "phase", "samples", "events", "summary"], Names(starting));
        Assert.Equal("Dashboard contract", starting.GetProperty("title").GetString());
        Assert.Equal("starting", starting.GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, starting.GetProperty("summary").ValueKind);
        var sample = starting.GetProperty("samples")[1];
        Assert.Equal(["t", "users", "rps", "p50Ms", "p95Ms", "p99Ms", "successRate", "ecsReady", "eciReady", "starting", "pending", "costUsd"], Names(sample));
        Assert.Equal(80.5, sample.GetProperty("rps").GetDouble());
        Assert.Equal(0.995, sample.GetProperty("successRate").GetDouble());
        Assert.Equal(-2, starting.GetProperty("samples")[0].GetProperty("t").GetDouble());
        var scaleEvent = starting.GetProperty("events")[0];
        Assert.Equal(["t", "reason", "message"], Names(scaleEvent));
        Assert.Equal("ScaledUp", scaleEvent.GetProperty("reason").GetString());

        _timeline.Enter(DemoPhase.ScalingIn);
        Assert.Equal("scaling-in", (await GetJsonAsync("api/timeline")).GetProperty("phase").GetString());

        _timeline.Finish([new DemoSummaryRow("Peak users", "40"), new DemoSummaryRow("Cost", "$0.0123")]);
        var finished = await GetJsonAsync("api/timeline");
        Assert.Equal("finished", finished.GetProperty("phase").GetString());
        var row = finished.GetProperty("summary")[1];
        Assert.Equal(["name", "value"], Names(row));
        Assert.Equal("$0.0123", row.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Since_returns_only_what_the_page_lacks_and_where_it_starts()
    {
        for (var t = 0; t < 4; t++)
            _timeline.Add(new DemoSample(t, t, t, 1, 2, 3, 1, 1, 0, 0, 0, 0));
        _timeline.Add(new DemoEvent(0, "ScaledUp", "first"));
        _timeline.Add(new DemoEvent(2, "ScaledDown", "second"));

        var update = await GetJsonAsync("api/timeline?since=3&sinceEvents=1");

        Assert.Equal(["title", "phase", "samplesFrom", "samples", "eventsFrom", "events", "summary"], Names(update));
        Assert.Equal(3, update.GetProperty("samplesFrom").GetInt32());
        Assert.Equal([3.0], update.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("t").GetDouble()));
        Assert.Equal(1, update.GetProperty("eventsFrom").GetInt32());
        Assert.Equal(["second"], update.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));

        var fromStart = await GetJsonAsync("api/timeline?since=0");
        Assert.Equal(4, fromStart.GetProperty("samples").GetArrayLength());
        Assert.Equal(2, fromStart.GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("since=-1", "since")]
    [InlineData("since=abc", "since")]
    [InlineData("since=1.5", "since")]
    [InlineData("since=", "since")]
    [InlineData("since=1&since=2", "since")]
    [InlineData("since=1&sinceEvents=x", "sinceEvents")]
    public async Task A_since_that_is_not_a_count_is_a_bad_request_naming_the_parameter(string query, string parameter)
    {
        using var response = await _http.GetAsync(new Uri("api/timeline?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(parameter + ":", JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "text/html")]
    [InlineData("assets/index.html", "text/html")]
    [InlineData("assets/app.js", "text/javascript")]
    [InlineData("assets/app.css", "text/css")]
    [InlineData("assets/favicon.svg", "image/svg+xml")]
    public async Task The_page_and_its_assets_are_served_with_their_content_types_and_no_external_address(string path, string type)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        // SVG names its XML namespace with a URI that is never fetched; any other address would be a network request.
        var body = (await response.Content.ReadAsStringAsync()).Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);
        Assert.True(body.Length > 200, $"{path} has content");
        Assert.DoesNotContain("http:", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_page_loads_its_script_and_styles_from_the_server()
    {
        var html = await _http.GetStringAsync(new Uri("", UriKind.Relative));

        Assert.Contains("src=\"assets/app.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"assets/app.css\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assets/missing.js")]
    [InlineData("assets/app")]
    [InlineData("assets/..%2FDemoTimeline.cs")]
    [InlineData("assets/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("assets/..%5Capp.js")]
    [InlineData("assets/wwwroot%2Fapp.js")]
    [InlineData("assets/%2E%2E%2Fapp.js")]
    [InlineData("assets/ElasticScaler.Demo.Dashboard.dll")]
    public async Task Anything_but_an_embedded_asset_is_not_found(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
