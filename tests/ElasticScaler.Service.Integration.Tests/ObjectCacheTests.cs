using System.Text.Json.Nodes;
using ElasticScaler.Service.Cache;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The list+watch cache against the sim over HTTP, on a FakeTimeProvider shared with the sim's watch timeouts and bookmarks.</summary>
public sealed class ObjectCacheTests : IAsyncLifetime
{
    private static readonly ApiResource ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly CancellationTokenSource _stop = new();
    private SimCluster _sim = null!;
    private KubeApi _api = null!;
    private ObjectCache<string> _cache = null!;
    private Task _running = Task.CompletedTask;
    private readonly List<string> _restarts = [];

    public async Task InitializeAsync()
    {
        // Bookmarks rarely, so a quiet stream really is quiet; the stall watchdog is shorter.
        _sim = await SimCluster.StartAsync(new SimOptions { Time = _time, BookmarkInterval = TimeSpan.FromMinutes(10) });
        for (int i = 0; i < 3; i++) Create($"before-{i}");
        var o = new ControllerOptions { Kubeconfig = _sim.AdminKubeconfigPath };
        _api = new KubeApi(KubeClientFactory.Create(o, new ServiceMetrics()));
        _cache = new ObjectCache<string>(_api, ConfigMaps, "default", e => e.GetProperty("data").GetProperty("v").GetString(),
            new WatchOptions { PageSize = 2, WatchTimeout = TimeSpan.FromMinutes(5), StallTimeout = TimeSpan.FromSeconds(30) }, _time, NullLogger.Instance);
        _cache.Restarted += r => { lock (_restarts) _restarts.Add(r); };
        _running = _cache.RunAsync(_stop.Token);
        await _cache.Synced.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task It_lists_in_pages_then_follows_the_watch()
    {
        Assert.Equal(3, _cache.Count);
        Assert.Equal(2, Lists().Count); // one list in pages of two: two requests
        Create("after");
        await Eventually.Until(() => _cache.Get("default", "after") is not null, "the cache caught up");
        Assert.Equal("after", _cache.Get("default", "after")!.Value);
        Assert.Equal(2, Lists().Count); // then only the watch
    }

    [Fact]
    public async Task A_watch_that_ends_normally_resumes_without_a_list()
    {
        // Past the jittered server-side timeout (5 to 10 min), with an event every 20 s so the stream is never stalled.
        for (int i = 0; i < 33 && !Restarts().Contains("rewatch"); i++)
        {
            Create($"tick-{i}");
            await Eventually.Until(() => _cache.Get("default", $"tick-{i}") is not null, "the cache caught up");
            _time.Advance(TimeSpan.FromSeconds(20));
        }
        await Eventually.Until(() => Restarts().Contains("rewatch"), "the cache caught up");
        Create("later");
        await Eventually.Until(() => _cache.Get("default", "later") is not null, "the cache caught up");
        Assert.Equal(2, Lists().Count); // the first list's two pages, and no other
        Assert.DoesNotContain("stalled", Restarts());
    }

    [Fact]
    public async Task A_410_relists_and_catches_up_with_what_changed_meanwhile()
    {
        _sim.Faults.Add(new Sim.Faults.FaultRule { Resource = "configmaps", Verb = "watch", ForceGone = true, Count = 1 });
        Create("during");
        _sim.Store.DropWatches(null);
        await Eventually.Until(() => Restarts().Contains("expired"), "the cache caught up");
        await Eventually.Until(() => _cache.Get("default", "during") is not null, "the cache caught up");
        Assert.True(Lists().Count >= 2);
    }

    [Fact]
    public async Task A_stream_silent_past_the_stall_timeout_is_replaced_by_a_relist()
    {
        _time.Advance(TimeSpan.FromSeconds(31)); // no event, no bookmark (they come every 10 min here)
        await Eventually.Until(() => Restarts().Contains("stalled"), "the cache caught up");
        await Eventually.Until(() => Lists().Count >= 2, "the cache caught up");
        Create("fresh");
        await Eventually.Until(() => _cache.Get("default", "fresh") is not null, "the cache caught up");
    }

    [Fact]
    public async Task A_deleted_object_leaves_the_cache_and_a_changed_one_is_replaced()
    {
        var changes = new List<CacheChange<string>>();
        _cache.Changed += c => { lock (changes) changes.Add(c); };
        var type = _sim.Registry.Find("", "v1", "configmaps")!;
        _sim.Resources.Delete(type, "default", "before-0");
        var cm = _sim.Resources.Get(type, "default", "before-1");
        cm["data"]!["v"] = "changed";
        _sim.Resources.Update(type, "default", "before-1", cm);
        await Eventually.Until(() => _cache.Get("default", "before-0") is null && _cache.Get("default", "before-1")?.Value == "changed", "the cache caught up");
        lock (changes)
        {
            Assert.Contains(changes, c => c.Type == CacheChangeType.Deleted && c.Old!.Name == "before-0");
            Assert.Contains(changes, c => c.Type == CacheChangeType.Modified && c.Old!.Value == "before-1" && c.New!.Value == "changed");
        }
    }

    [Fact]
    public async Task With_shared_values_objects_alike_hold_one_label_map_with_their_projection()
    {
        _sim.Resources.Create(_sim.Registry.Find("", "v1", "namespaces")!, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "shop" } });
        var type = _sim.Registry.Find("", "v1", "configmaps")!;
        foreach (var name in new[] { "shop-1", "shop-2" })
            _sim.Resources.Create(type, "shop", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "shop", ["tier"] = "web" } },
                ["data"] = new JsonObject { ["v"] = name },
            });
        var shared = new Core.Objects.SharedValues();
        // A projection that keeps the labels, as the pod projection does, from the same table.
        var cache = new ObjectCache<IReadOnlyDictionary<string, string>>(_api, ConfigMaps, "shop",
            e => shared.StringMap(e.GetProperty("metadata").GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)),
            new WatchOptions(), _time, NullLogger.Instance, shared);
        using var stop = new CancellationTokenSource();
        var running = cache.RunAsync(stop.Token);
        await cache.Synced.WaitAsync(TimeSpan.FromSeconds(20));

        var (one, two) = (cache.Get("shop", "shop-1")!, cache.Get("shop", "shop-2")!);
        Assert.Same(one.Labels, two.Labels);
        Assert.Same(one.Labels, one.Value);
        Assert.Same(one.Namespace, two.Namespace);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private void Create(string name)
    {
        var type = _sim.Registry.Find("", "v1", "configmaps")!;
        _sim.Resources.Create(type, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["v"] = name } });
    }

    private List<Sim.Api.AuditRecord> Lists() => [.. _sim.Audit.Snapshot().Where(r => r.Resource == "configmaps" && r.Verb == "list")];

    private List<string> Restarts()
    {
        lock (_restarts) return [.. _restarts];
    }


    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(20));
        _api.Dispose();
        await _sim.DisposeAsync();
    }
}
