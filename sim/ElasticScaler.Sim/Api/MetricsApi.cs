using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>metrics.k8s.io/v1beta1 nodes and pods in metrics-server's shapes (nanocores, Ki, window as a Go duration).</summary>
public sealed class MetricsApi(ResourceService service, MetricsStore metrics)
{
    public JsonObject ListPods(string? ns, LabelSelector labels)
    {
        var pods = service.Registry.Find("", "v1", "pods")!;
        var items = new JsonArray();
        foreach (var p in service.Store.List(pods.StorageKey, ns).Items.Where(p => labels.Matches(p.Labels) && p.Fields.GetValueOrDefault("status.phase") == "Running"))
            if (PodItem(p.Parse()) is { } item)
                items.Add(item);
        return List("PodMetricsList", items);
    }

    public JsonObject GetPod(string ns, string name)
    {
        var pods = service.Registry.Find("", "v1", "pods")!;
        var p = service.Store.Get(pods.StorageKey, ns, name);
        return (p is not null && p.Fields.GetValueOrDefault("status.phase") == "Running" ? PodItem(p.Parse()) : null)
            ?? throw ApiException.NotFoundGroupResource("metrics.k8s.io", "podmetrics", $"{ns}/{name}");
    }

    public JsonObject ListNodes(LabelSelector labels)
    {
        var nodes = service.Registry.Find("", "v1", "nodes")!;
        var items = new JsonArray();
        foreach (var n in service.Store.List(nodes.StorageKey, null).Items.Where(n => labels.Matches(n.Labels)))
            if (NodeItem(n.Parse()) is { } item)
                items.Add(item);
        return List("NodeMetricsList", items);
    }

    public JsonObject GetNode(string name)
    {
        var nodes = service.Registry.Find("", "v1", "nodes")!;
        var n = service.Store.Get(nodes.StorageKey, "", name);
        return (n is null ? null : NodeItem(n.Parse())) ?? throw ApiException.NotFoundGroupResource("metrics.k8s.io", "nodemetrics", name);
    }

    private JsonObject? PodItem(JsonObject pod)
    {
        var ns = (string)pod["metadata"]!["namespace"]!;
        var name = (string)pod["metadata"]!["name"]!;
        if (metrics.Pod(ns, name) is not { } sample)
            return null;
        var containers = new JsonArray(sample.Containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["usage"] = Usage(c.CpuMillis, c.MemoryBytes),
        }).ToArray());
        var item = new JsonObject
        {
            ["metadata"] = ItemMeta(pod, ns),
            ["timestamp"] = JsonPath.Time(sample.At),
            ["window"] = GoDuration(metrics.Window),
            ["containers"] = containers,
        };
        return item;
    }

    private JsonObject? NodeItem(JsonObject node)
    {
        var name = (string)node["metadata"]!["name"]!;
        if (metrics.Node(name) is not { } sample)
            return null;
        return new JsonObject
        {
            ["metadata"] = ItemMeta(node, null),
            ["timestamp"] = JsonPath.Time(sample.At),
            ["window"] = GoDuration(metrics.Window),
            ["usage"] = Usage(sample.CpuMillis, sample.MemoryBytes),
        };
    }

    private JsonObject ItemMeta(JsonObject obj, string? ns)
    {
        var meta = new JsonObject { ["name"] = obj["metadata"]!["name"]!.DeepClone() };
        if (ns is not null)
            meta["namespace"] = ns;
        meta["creationTimestamp"] = JsonPath.Time(service.Time.GetUtcNow());
        if (obj["metadata"]?["labels"] is JsonObject labels)
            meta["labels"] = labels.DeepClone();
        return meta;
    }

    private static JsonObject Usage(long cpuMillis, long memoryBytes) => new()
    {
        ["cpu"] = (cpuMillis * 1_000_000).ToString(CultureInfo.InvariantCulture) + "n",
        ["memory"] = memoryBytes % 1024 == 0 ? (memoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki" : memoryBytes.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject List(string kind, JsonArray items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = "metrics.k8s.io/v1beta1",
        ["metadata"] = new JsonObject(),
        ["items"] = items,
    };

    /// <summary>Go's time.Duration String(): "15s", "15.007s", "1m0s".</summary>
    internal static string GoDuration(TimeSpan d)
    {
        var inv = CultureInfo.InvariantCulture;
        if (d.TotalMinutes >= 1)
            return $"{(long)d.TotalMinutes}m{(d.TotalSeconds % 60).ToString("0.###", inv)}s";
        return d.TotalSeconds.ToString("0.###", inv) + "s";
    }
}
