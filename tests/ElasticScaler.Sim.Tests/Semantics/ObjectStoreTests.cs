using System.Text.Json.Nodes;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class ObjectStoreTests
{
    private static readonly Func<JsonObject, IReadOnlyDictionary<string, string>> NoFields = _ => new Dictionary<string, string>();

    private static JsonObject Obj(string name, string ns = "default") =>
        new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() } };

    [Fact]
    public void Every_write_takes_the_next_global_revision_and_watches_replay_after_a_version()
    {
        var store = new ObjectStore();
        var a = store.Put("pods", Obj("a"), null, NoFields);
        var b = store.Put("configmaps", Obj("b"), null, NoFields);
        var a2 = store.Put("pods", Obj("a"), null, NoFields);
        Assert.Equal([a.ResourceVersion + 1, a.ResourceVersion + 2], new[] { b.ResourceVersion, a2.ResourceVersion });
        var (sub, replay) = store.Watch("pods", null, a.ResourceVersion);
        using var _ = sub;
        Assert.Equal([(WatchEventType.Modified, a2.ResourceVersion)], replay.Select(e => (e.Type, e.ResourceVersion)));
        var removed = store.Remove("pods", "default", "a")!;
        Assert.True(sub.Events.TryRead(out var live));
        Assert.Equal((WatchEventType.Deleted, removed.ResourceVersion), (live!.Type, live.ResourceVersion));
        Assert.Contains($"\"resourceVersion\":\"{removed.ResourceVersion}\"", System.Text.Encoding.UTF8.GetString(live.Current.Json));
    }

    [Fact]
    public void A_watch_from_before_the_retained_history_is_refused_as_too_old()
    {
        var store = new ObjectStore(historyCapacity: 2);
        var first = store.Put("pods", Obj("a"), null, NoFields).ResourceVersion;
        for (var i = 0; i < 4; i++)
            store.Put("pods", Obj("p" + i), null, NoFields);
        var e = Assert.Throws<ResourceVersionTooOldException>(() => store.Watch("pods", null, first));
        Assert.Equal(first, e.Requested);
        var (sub, replay) = store.Watch("pods", null, store.Revision - 2);
        sub.Dispose();
        Assert.Equal(2, replay.Count);
    }

    [Fact]
    public void The_owner_index_finds_dependents_and_forgets_them_when_they_go()
    {
        var store = new ObjectStore();
        var owner = store.Put("deployments.apps", Obj("web"), null, NoFields);
        var dep = Obj("web-1");
        dep["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["uid"] = owner.Uid });
        store.Put("replicasets.apps", dep, null, NoFields);
        Assert.Equal(["web-1"], store.Dependents(owner.Uid).Select(d => d.Name));
        store.Remove("replicasets.apps", "default", "web-1");
        Assert.Empty(store.Dependents(owner.Uid));
    }
}
