using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.MetricSources;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The shared per-namespace PodMetrics read against the sim: shared while fresh, then let go.</summary>
public sealed class PodMetricsReaderTests
{
    [Fact]
    public async Task A_read_is_shared_while_fresh_and_dropped_once_stale()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sim = await SimCluster.StartAsync(new SimOptions { Time = time });
        using var api = new KubeApi(KubeClientFactory.Create(new ControllerOptions { Kubeconfig = sim.AdminKubeconfigPath }, new ServiceMetrics()));
        var reader = new PodMetricsReader(api, new SourceCalls(new ServiceMetrics(), time), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(10));

        var shop = await reader.ReadAsync("shop", CancellationToken.None);
        await reader.ReadAsync("blog", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(shop, await reader.ReadAsync("shop", CancellationToken.None)); // fresh: the same read, no request
        Assert.Equal(2, sim.Audit.Snapshot().Count(r => r.Resource == "pods" && r.Group == "metrics.k8s.io"));
        Assert.Equal(2, reader.Held);

        time.Advance(TimeSpan.FromSeconds(3));
        var next = await reader.ReadAsync("wiki", CancellationToken.None);

        Assert.Null(next.Error);
        Assert.Equal(1, reader.Held); // shop and blog are stale: let go, not kept until their next sync
        Assert.NotSame(shop, await reader.ReadAsync("shop", CancellationToken.None));
    }
}
