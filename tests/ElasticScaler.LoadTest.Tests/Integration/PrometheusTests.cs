using ElasticScaler.LoadTest.Http;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>A running test serves its live numbers to Prometheus.</summary>
public sealed class PrometheusTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_metrics_port_serves_requests_latency_and_load_while_the_test_runs()
    {
        var port = Run.FreePort();
        var scenario = HttpScenario.Create("live", [new RequestSpec { Url = _server.Url("ok") }])
            .WithLoadSimulations(Simulation.KeepConstant(2, TimeSpan.FromSeconds(4)));
        var run = LoadRunner.RegisterScenarios(scenario).WithPrometheusMetrics(port).RunAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = "";
        var errors = new List<string>();
        for (var attempt = 0; attempt < 30 && !body.Contains("elasticscaler_loadtest_requests_total{scenario=\"live\",result=\"ok\"}", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            try
            {
                body = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            }
            catch (HttpRequestException ex)
            {
                // Not listening yet.
                errors.Add(ex.Message);
            }
        }

        var result = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Passed, result.ExitCode);
        Assert.True(body.Length > 0, string.Join("\n", errors));
        Assert.Contains("elasticscaler_loadtest_requests_total{scenario=\"live\",result=\"ok\"}", body, StringComparison.Ordinal);
        Assert.Contains("elasticscaler_loadtest_latency_seconds{scenario=\"live\",quantile=\"0.95\"}", body, StringComparison.Ordinal);
        Assert.Contains("elasticscaler_loadtest_target{scenario=\"live\"} 2", body, StringComparison.Ordinal);
    }
}
