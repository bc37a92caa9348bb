using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.MetricSources;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The shared per-namespace PodMetrics read against the sim: shared within its slot and window, then let go.</summary>
public sealed class PodMetricsReaderTests
{
    private static readonly SyncSlots Slots = new(TimeSpan.FromSeconds(15));

    [Fact]
    public async Task A_read_is_shared_within_its_slot_and_window_and_dropped_after()
    {
        var start = Slots.Current("shop", TimeProvider.System.GetUtcNow());
        var time = new FakeTimeProvider(start);
        await using var sim = await SimCluster.StartAsync(new SimOptions { Time = time });
        using var api = new KubeApi(KubeClientFactory.Create(new ControllerOptions { Kubeconfig = sim.AdminKubeconfigPath }, new ServiceMetrics()));
        var reader = new PodMetricsReader(api, new SourceCalls(new ServiceMetrics(), time), Slots, TimeSpan.FromSeconds(10));

        var shop = await reader.ReadAsync("shop", CancellationToken.None);
        await reader.ReadAsync("blog", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(shop, await reader.ReadAsync("shop", CancellationToken.None)); // the same slot, within the window: no request
        Assert.Equal(2, sim.Audit.Snapshot().Count(r => r.Resource == "pods" && r.Group == "metrics.k8s.io"));
        Assert.Equal(2, reader.Held);

        time.Advance(PodMetricsReader.ShareWindow);
        var next = await reader.ReadAsync("wiki", CancellationToken.None);

        Assert.Null(next.Error);
        Assert.Equal(1, reader.Held); // shop and blog are past the window: let go, not kept until their next sync
        Assert.NotSame(shop, await reader.ReadAsync("shop", CancellationToken.None));
    }

    [Fact]
    public async Task A_read_is_not_shared_into_the_next_slot_however_young()
    {
        // A read just before the namespace's slot turns says nothing of a change after it: the next slot's syncs read again.
        var nextSlot = Slots.Next("shop", Slots.Current("shop", TimeProvider.System.GetUtcNow()));
        var time = new FakeTimeProvider(nextSlot - TimeSpan.FromMilliseconds(300));
        await using var sim = await SimCluster.StartAsync(new SimOptions { Time = time });
        using var api = new KubeApi(KubeClientFactory.Create(new ControllerOptions { Kubeconfig = sim.AdminKubeconfigPath }, new ServiceMetrics()));
        var reader = new PodMetricsReader(api, new SourceCalls(new ServiceMetrics(), time), Slots, TimeSpan.FromSeconds(10));

        var before = await reader.ReadAsync("shop", CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(600));
        var after = await reader.ReadAsync("shop", CancellationToken.None);

        Assert.NotSame(before, after);
        Assert.Equal(2, sim.Audit.Snapshot().Count(r => r.Resource == "pods" && r.Group == "metrics.k8s.io"));
    }
}
