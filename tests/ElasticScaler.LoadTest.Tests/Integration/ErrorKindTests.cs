using ElasticScaler.LoadTest.Http;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>Each way a request can fail is counted under its own kind.</summary>
public sealed class ErrorKindTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<HttpClientKind> Clients => new() { HttpClientKind.Lean, HttpClientKind.HttpClient };

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Failures_are_classified_by_kind(HttpClientKind client)
    {
        var refused = new Uri($"http://127.0.0.1:{Run.FreePort()}/");
        RequestSpec[] mix =
        [
            new() { Name = "ok", Url = _server.Url("ok") },
            new() { Name = "chunked", Url = _server.Url("chunked") },
            new() { Name = "not_found", Url = _server.Url("status/404") },
            new() { Name = "unavailable", Url = _server.Url("status/503") },
            new() { Name = "wrong", Url = _server.Url("ok"), ExpectStatus = new HashSet<int> { 201 } },
            new() { Name = "expected_404", Url = _server.Url("status/404"), ExpectStatus = new HashSet<int> { 404 } },
            new() { Name = "reset", Url = _server.Url("reset") },
            new() { Name = "slow", Url = _server.Url("delay/1000"), Timeout = TimeSpan.FromMilliseconds(100) },
            new() { Name = "refused", Url = refused },
        ];
        var scenario = HttpScenario.Create("errors", mix, client)
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 3, iterations: 90));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(TimeSpan.FromMinutes(1))).Get("errors");

        // The weighted round-robin sends each of the 9 kinds 10 times in 90 iterations.
        Assert.Equal(90, stats.AllRequestCount);
        Assert.Equal(30, stats.Ok.Count);
        Assert.Equal(10, stats.Errors["http_4xx"]);
        Assert.Equal(10, stats.Errors["http_5xx"]);
        Assert.Equal(10, stats.Errors["wrong_status"]);
        Assert.Equal(10, stats.Errors["reset"]);
        Assert.Equal(10, stats.Errors["timeout"]);
        Assert.Equal(10, stats.Errors["refused"]);
        Assert.Equal(20, stats.StatusCodes["404"]);
        Assert.Equal(30, stats.StatusCodes["0"]);
    }

    [Fact]
    public async Task A_response_head_larger_than_the_first_buffer_is_read_whole()
    {
        var scenario = HttpScenario.Create("big", [new RequestSpec { Url = _server.Url("bighead") }], HttpClientKind.Lean)
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 2, iterations: 10));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(TimeSpan.FromMinutes(1))).Get("big");

        Assert.Equal(10, stats.Ok.Count);
        Assert.True(stats.Bytes > 10 * 20_000, $"{stats.Bytes} bytes");
    }
}
