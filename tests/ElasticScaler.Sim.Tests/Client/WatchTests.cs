using k8s;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Watch semantics through KubernetesClient: resume from a resourceVersion, 410 on a too old one, bookmarks, selectors.</summary>
public sealed class WatchTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private async Task<string> Namespace(Kubernetes c)
    {
        var ns = "w-" + Guid.NewGuid().ToString("N")[..8];
        await c.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        return ns;
    }

    private static async Task<List<(WatchEventType Type, V1Pod Pod)>> Collect(IAsyncEnumerable<(WatchEventType, V1Pod)> watch, int stopAfter = int.MaxValue)
    {
        var events = new List<(WatchEventType, V1Pod)>();
        await foreach (var e in watch)
        {
            events.Add(e);
            if (events.Count >= stopAfter)
                break;
        }
        return events;
    }

    private static V1Patch Labels(string json) => new("{\"metadata\":{\"labels\":" + json + "}}", V1Patch.PatchType.MergePatch);

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_only_what_changed_after_it_in_order()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a"), ns);
        var rv = (await c.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("b"), ns);
        await c.CoreV1.PatchNamespacedPodAsync(Labels("{\"x\":\"1\"}"), "a", ns);
        await c.CoreV1.DeleteNamespacedPodAsync("b", ns);
        var events = await Collect(c.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, timeoutSeconds: 1), stopAfter: 3);
        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")],
            events.Select(e => (e.Type, e.Pod.Metadata.Name)));
        var versions = events.Select(e => long.Parse(e.Pod.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.All(versions, v => Assert.True(v > long.Parse(rv, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_watch_without_a_resource_version_starts_with_the_current_objects_as_added()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("one"), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("two"), ns);
        var events = await Collect(c.CoreV1.WatchListNamespacedPodAsync(ns, timeoutSeconds: 1), stopAfter: 2);
        Assert.Equal([(WatchEventType.Added, "one"), (WatchEventType.Added, "two")], events.Select(e => (e.Type, e.Pod.Metadata.Name)));
    }

    [Fact]
    public async Task A_watch_from_a_version_older_than_the_history_gets_410_expired()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions { HistoryCapacity = 3 });
        using var c = SimFixture.Client(sim.AdminKubeconfigPath);
        var rv = (await c.CoreV1.ListNamespacedPodAsync("default")).Metadata.ResourceVersion;
        for (var i = 0; i < 5; i++)
            await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("cm" + i) }, "default");
        Exception? error = null;
        var events = await Collect(c.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: rv, timeoutSeconds: 5, onError: e => error = e));
        Assert.Empty(events);
        var k = Assert.IsType<KubernetesException>(error);
        Assert.Equal((410, "Expired"), (k.Status.Code ?? 0, k.Status.Reason));
        Assert.StartsWith($"too old resource version: {rv} (", k.Status.Message);
    }

    [Fact]
    public async Task An_idle_watch_that_allows_bookmarks_receives_them_with_the_current_version()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var events = await Collect(c.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, timeoutSeconds: 3), stopAfter: 1);
        var (type, pod) = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, type);
        Assert.False(string.IsNullOrEmpty(pod.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Objects_entering_and_leaving_a_label_selector_arrive_as_added_and_deleted()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p", new Dictionary<string, string> { ["app"] = "web" }), ns);
        var rv = (await c.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await c.CoreV1.PatchNamespacedPodAsync(Labels("{\"app\":\"api\"}"), "p", ns);
        await c.CoreV1.PatchNamespacedPodAsync(Labels("{\"extra\":\"1\"}"), "p", ns);
        await c.CoreV1.PatchNamespacedPodAsync(Labels("{\"app\":\"web\"}"), "p", ns);
        await c.CoreV1.PatchNamespacedPodAsync(Labels("{\"extra\":\"2\"}"), "p", ns);
        var events = await Collect(c.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, labelSelector: "app=web", timeoutSeconds: 1), stopAfter: 3);
        Assert.Equal([WatchEventType.Deleted, WatchEventType.Added, WatchEventType.Modified], events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_live_watch_receives_changes_made_after_it_opened()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var rv = (await c.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        var watching = Collect(c.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, fieldSelector: "metadata.name=live", timeoutSeconds: 5), stopAfter: 2);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("other"), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("live"), ns);
        await c.CoreV1.DeleteNamespacedPodAsync("live", ns);
        var events = await watching;
        Assert.Equal([(WatchEventType.Added, "live"), (WatchEventType.Deleted, "live")], events.Select(e => (e.Type, e.Pod.Metadata.Name)));
    }

    [Fact]
    public async Task One_client_can_hold_a_hundred_and_fifty_watches_and_each_sees_the_change()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var rv = (await c.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        var watches = Enumerable.Range(0, 150).Select(async _ =>
        {
            await foreach (var (type, cm) in c.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: rv, timeoutSeconds: 60))
                return cm.Metadata.Name;
            return null;
        }).ToList();
        for (var i = 0; i < 600 && fx.Sim.Store.WatcherCount < 150; i++)
            await Task.Delay(50);
        Assert.Equal(150, fx.Sim.Store.WatcherCount);
        await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("ping") }, ns);
        // A bound, not a speed check: a watch that never got its event would otherwise hang the test for a minute.
        var names = await Task.WhenAll(watches).WaitAsync(TimeSpan.FromSeconds(45));
        Assert.All(names, n => Assert.Equal("ping", n));
    }
}
