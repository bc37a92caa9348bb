using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Cluster;

/// <summary>
/// What every controller shares: the in-process API, the kinds it touches, the clock and an event recorder. Writes
/// that lose a race (the object is gone, or changed under a precondition) are skipped: the next pass sees the
/// new state, as a real controller's requeue would.
/// </summary>
public sealed class ClusterContext(ResourceService api, ClusterOptions options)
{
    public ResourceService Api { get; } = api;
    public ClusterOptions Options { get; } = options;
    public TimeProvider Time => Options.Time;
    public DateTimeOffset Now => Time.GetUtcNow();

    public ResourceType Pods { get; } = api.Type("", "v1", "pods");
    public ResourceType Nodes { get; } = api.Type("", "v1", "nodes");
    public ResourceType Namespaces { get; } = api.Type("", "v1", "namespaces");
    public ResourceType Events { get; } = api.Type("", "v1", "events");
    public ResourceType Services { get; } = api.Type("", "v1", "services");
    public ResourceType Leases { get; } = api.Type("coordination.k8s.io", "v1", "leases");
    public ResourceType Deployments { get; } = api.Type("apps", "v1", "deployments");
    public ResourceType ReplicaSets { get; } = api.Type("apps", "v1", "replicasets");
    public ResourceType StatefulSets { get; } = api.Type("apps", "v1", "statefulsets");
    public ResourceType Jobs { get; } = api.Type("batch", "v1", "jobs");

    private long _eventSeq;

    private readonly Dictionary<(string Key, string? Ns), (long Revision, List<JsonObject> Items)> _lists = [];
    private readonly Lock _listGate = new();
    /// <summary>The parsed objects of the last list per kind and namespace, by name, with the resourceVersion they were parsed at.</summary>
    private readonly Dictionary<(string Key, string? Ns), Dictionary<(string, string), (long, JsonObject)>> _parsed = [];

    /// <summary>
    /// The objects of a kind, parsed. While the store's revision does not move, the same parsed objects are handed
    /// out again (an idle pass parses nothing), so callers must treat them as read-only, change objects only
    /// through <see cref="TryWrite"/>, and call it from the controller loop only (else use <see cref="ListFresh"/>).
    /// </summary>
    /// <summary>Freshly parsed objects, for callers outside the controller loop (parsed JsonObjects are not safe to share across threads).</summary>
    public List<JsonObject> ListFresh(ResourceType t, string? ns = null) =>
        [.. Api.Store.List(t.StorageKey, t.Namespaced ? ns : null).Items.Select(o => o.Parse())];

    public List<JsonObject> List(ResourceType t, string? ns = null)
    {
        var key = (t.StorageKey, t.Namespaced ? ns : null);
        var revision = Api.Store.Revision;
        lock (_listGate)
            if (_lists.TryGetValue(key, out var cached) && cached.Revision == revision)
                return [.. cached.Items];
        var (items, rv) = Api.Store.List(key.StorageKey, key.Item2);
        List<JsonObject> parsed;
        lock (_listGate)
        {
            // Only objects that changed since the last list are parsed again: with 100,000 pods a pass after one
            // pod's status moved parses one pod, not 100,000 (each write moves the store's revision).
            if (!_parsed.TryGetValue(key, out var known)) _parsed[key] = known = new Dictionary<(string, string), (long, JsonObject)>();
            var seen = new Dictionary<(string, string), (long, JsonObject)>(items.Count);
            parsed = new List<JsonObject>(items.Count);
            foreach (var o in items)
            {
                var id = (o.Namespace, o.Name);
                var obj = known.TryGetValue(id, out var k) && k.Item1 == o.ResourceVersion ? k.Item2 : o.Parse();
                seen[id] = (o.ResourceVersion, obj);
                parsed.Add(obj);
            }
            _parsed[key] = seen;
            _lists[key] = (rv, parsed);
        }
        return [.. parsed];
    }

    /// <summary>Read-modify-write on the live object; false when it is gone or the mutation was refused.</summary>
    public bool TryWrite(ResourceType t, string ns, string name, Func<JsonObject, JsonObject> mutate, string? subresource = null)
    {
        try
        {
            Api.Write(t, ns, name, mutate, null, WriteOptions.Default with { Subresource = subresource });
            return true;
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            return false;
        }
    }

    public bool TryDelete(ResourceType t, string ns, string name)
    {
        try
        {
            Api.Delete(t, ns, name);
            return true;
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            return false;
        }
    }

    /// <summary>Records a core/v1 Event about an object, named as real recorders name them.</summary>
    public void Event(JsonObject about, string type, string reason, string message, string component)
    {
        var now = Now;
        var ns = K8sJson.Namespace(about);
        var seq = Interlocked.Increment(ref _eventSeq);
        var name = K8sJson.Name(about) + "." + (now.ToUnixTimeMilliseconds() * 1_000_000 + seq).ToString("x16", CultureInfo.InvariantCulture);
        try
        {
            Api.Create(Events, ns.Length == 0 ? "default" : ns, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["involvedObject"] = new JsonObject
                {
                    ["kind"] = (string?)about["kind"], ["namespace"] = ns.Length == 0 ? null : ns, ["name"] = K8sJson.Name(about),
                    ["uid"] = K8sJson.Uid(about), ["apiVersion"] = (string?)about["apiVersion"],
                    ["resourceVersion"] = (string?)about["metadata"]?["resourceVersion"],
                },
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = new JsonObject { ["component"] = component },
                ["firstTimestamp"] = K8sJson.Stamp(now),
                ["lastTimestamp"] = K8sJson.Stamp(now),
                ["count"] = 1,
                ["type"] = type,
                ["reportingComponent"] = component,
                ["reportingInstance"] = "",
            });
        }
        catch (ApiException)
        {
            // An event is best effort, as with client-go's recorder (e.g. the namespace is being deleted).
        }
    }
}
