using ElasticScaler.Tests.Shared;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>A real Prometheus scrapes the demo app's /metrics (Debian's prometheus, installed by .ci/run).</summary>
public class PrometheusScrapeTests
{
    [SkippableFact]
    public async Task A_real_prometheus_scrapes_the_per_pod_request_counter()
    {
        Skip.IfNot(PrometheusServer.Installed, $"{PrometheusServer.Binary} is absent (apt-get install prometheus); the exposition format is checked by LiveWorkloadTests");
        var service = new ServiceLoad(new LoadModelOptions());
        service.Set(new PodLoad("wordpress", "wp-1", "ecs-node-1", 1, service.Options, DateTimeOffset.UtcNow), ready: true);
        await using var app = await DemoApp.StartAsync(service, TimeProvider.System);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (int i = 0; i < 3; i++) (await http.GetAsync(app.BaseAddress)).Dispose();

        await using var prometheus = await PrometheusServer.StartAsync([app.BaseAddress.Authority], TimeSpan.FromSeconds(1));
        string? value = null;
        // Up to 2 min: Prometheus's first scrape comes far later on a loaded machine than the 1 s scrape suggests.
        for (int attempt = 0; attempt < 240 && value is null; attempt++)
        {
            await Task.Delay(500);
            value = await prometheus.QueryAsync("demo_requests_total{pod=\"wp-1\",code=\"200\"}");
        }
        Assert.Equal("3", value);
    }
}
