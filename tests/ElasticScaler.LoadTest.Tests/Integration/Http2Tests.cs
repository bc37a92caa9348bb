using ElasticScaler.LoadTest.Http;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>HTTP/2 goes through HttpClient; cleartext targets are spoken to with prior knowledge (h2c).</summary>
public sealed class Http2Tests
{
    [Fact]
    public async Task Http2_requests_reach_an_h2c_server_as_HTTP2()
    {
        await using var server = await TargetServer.StartAsync(http2Only: true);
        var scenario = HttpScenario.Create("h2", [new RequestSpec { Url = server.Url("ok") }], http2: true)
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 4, iterations: 40));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(TimeSpan.FromMinutes(1))).Get("h2");

        Assert.Equal(40, stats.Ok.Count);
        Assert.All(server.Protocols, p => Assert.Equal("HTTP/2", p));
    }

    [Fact]
    public void The_lean_client_refuses_what_it_cannot_speak()
    {
        var ex = Assert.Throws<LoadConfigException>(() =>
            HttpScenario.Create("tls", [new RequestSpec { Url = new Uri("https://127.0.0.1/") }], HttpClientKind.Lean));

        Assert.Contains("the lean client speaks http:// and HTTP/1.1 only; fix: use --client auto", ex.Message, StringComparison.Ordinal);
    }
}
