using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// One resource of a metrics API group-version as its adapter reports it: "pods/http_requests_per_second" (custom
/// metrics: the described resource and the metric) or "queue_depth" (an external metric), with the list kind it answers.
/// </summary>
public sealed record MetricResource(string Name, bool Namespaced, string Kind);

/// <summary>
/// The discovery documents (/version, /api, /apis, /apis/{g}, /apis/{g}/{v}, aggregated v2), built from the registry;
/// a metrics API row (<see cref="ResourceType.IsMetricsApi"/>) lists the resources <c>metricResources</c> gives for it.
/// </summary>
public static class Discovery
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static readonly JsonArray SubVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4",
        ["gitCommit"] = "59526cd4867447956156ae3a602fcbac10a2c335",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-22T16:02:27Z",
        ["goVersion"] = "go1.23.6",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceRegistry r) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(r.Groups().Where(g => g.Group.Length > 0).Select(g => (JsonNode)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject? GroupDoc(ResourceRegistry r, string group)
    {
        var g = r.Groups().FirstOrDefault(x => x.Group == group);
        if (g.Group is null || group.Length == 0)
            return null;
        var doc = Group(g.Group, g.Versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions) => new()
    {
        ["name"] = name,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GV(name, v)).ToArray()),
        ["preferredVersion"] = GV(name, versions[0]),
    };

    private static JsonObject GV(string group, string version) => new() { ["groupVersion"] = group + "/" + version, ["version"] = version };

    public static JsonObject? ResourceList(ResourceRegistry r, string group, string version, Func<ResourceType, IReadOnlyList<MetricResource>> metricResources)
    {
        var types = r.Types.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0)
            return null;
        var resources = new JsonArray();
        foreach (var t in types)
        {
            if (t.IsMetricsApi)
            {
                // custom-metrics-apiserver's lister: name, an empty singular name, scope, the list kind, verbs ["get"].
                foreach (var m in metricResources(t))
                    resources.Add(new JsonObject { ["name"] = m.Name, ["singularName"] = "", ["namespaced"] = m.Namespaced, ["kind"] = m.Kind, ["verbs"] = new JsonArray("get") });
                continue;
            }
            var res = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Strings(t.Verbs),
            };
            if (t.ShortNames.Count > 0)
                res["shortNames"] = Strings(t.ShortNames);
            if (t.Categories.Count > 0)
                res["categories"] = Strings(t.Categories);
            resources.Add(res);
            foreach (var (sub, kind, verbs, g, v) in Subresources(t))
            {
                var s = new JsonObject { ["name"] = t.Plural + "/" + sub, ["singularName"] = "", ["namespaced"] = t.Namespaced };
                if (g is not null)
                {
                    s["group"] = g;
                    s["version"] = v;
                }
                s["kind"] = kind;
                s["verbs"] = verbs.DeepClone();
                resources.Add(s);
            }
        }
        var doc = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
            doc["apiVersion"] = "v1";
        doc["groupVersion"] = group.Length == 0 ? version : group + "/" + version;
        doc["resources"] = resources;
        return doc;
    }

    /// <summary>The aggregated (apidiscovery.k8s.io/v2) form of /api (core only) or /apis (every other group).</summary>
    public static JsonObject Aggregated(ResourceRegistry r, bool core, Func<ResourceType, IReadOnlyList<MetricResource>> metricResources)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in r.Groups().Where(g => (g.Group.Length == 0) == core))
        {
            var vs = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var t in r.Types.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal))
                {
                    if (t.IsMetricsApi)
                    {
                        foreach (var m in AggregatedMetricResources(metricResources(t)))
                            resources.Add(m);
                        continue;
                    }
                    var res = new JsonObject
                    {
                        ["resource"] = t.Plural,
                        ["responseKind"] = new JsonObject { ["group"] = "", ["version"] = "", ["kind"] = t.Kind },
                        ["scope"] = t.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = t.Singular,
                        ["verbs"] = Strings(t.Verbs),
                    };
                    if (t.ShortNames.Count > 0)
                        res["shortNames"] = Strings(t.ShortNames);
                    if (t.Categories.Count > 0)
                        res["categories"] = Strings(t.Categories);
                    var subs = new JsonArray();
                    foreach (var (sub, kind, verbs, g, v) in Subresources(t))
                        subs.Add(new JsonObject
                        {
                            ["subresource"] = sub,
                            ["responseKind"] = new JsonObject { ["group"] = g ?? "", ["version"] = v ?? "", ["kind"] = kind },
                            ["verbs"] = verbs.DeepClone(),
                        });
                    if (subs.Count > 0)
                        res["subresources"] = subs;
                    resources.Add(res);
                }
                vs.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            var meta = new JsonObject { ["creationTimestamp"] = null };
            if (!core)
                meta["name"] = group;
            items.Add(new JsonObject { ["metadata"] = meta, ["versions"] = vs });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>
    /// A metrics adapter's legacy list in the aggregated form, as kube-apiserver converts an aggregated API's legacy
    /// discovery: "pods/m" becomes subresource m of a resource "pods" that has no kind and no verbs of its own (kubectl
    /// therefore lists no custom metric in api-resources); a name without '/' stays a resource.
    /// </summary>
    private static IEnumerable<JsonObject> AggregatedMetricResources(IReadOnlyList<MetricResource> list)
    {
        var result = new List<JsonObject>();
        var parents = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        static JsonObject Kind(string kind) => new() { ["group"] = "", ["version"] = "", ["kind"] = kind };
        static string Scope(bool namespaced) => namespaced ? "Namespaced" : "Cluster";
        foreach (var m in list.Where(m => !m.Name.Contains('/', StringComparison.Ordinal)))
            result.Add(new JsonObject
            {
                ["resource"] = m.Name,
                ["responseKind"] = Kind(m.Kind),
                ["scope"] = Scope(m.Namespaced),
                ["singularResource"] = "",
                ["verbs"] = new JsonArray("get"),
            });
        foreach (var m in list.Where(m => m.Name.Contains('/', StringComparison.Ordinal)))
        {
            var (parent, sub) = (m.Name[..m.Name.IndexOf('/')], m.Name[(m.Name.IndexOf('/') + 1)..]);
            if (!parents.TryGetValue(parent, out var subs))
            {
                parents[parent] = subs = [];
                result.Add(new JsonObject
                {
                    ["resource"] = parent,
                    ["responseKind"] = Kind(""),
                    ["scope"] = Scope(m.Namespaced),
                    ["singularResource"] = "",
                    ["verbs"] = null,
                    ["subresources"] = subs,
                });
            }
            subs.Add(new JsonObject { ["subresource"] = sub, ["responseKind"] = Kind(m.Kind), ["verbs"] = new JsonArray("get") });
        }
        return result;
    }

    private static IEnumerable<(string Sub, string Kind, JsonArray Verbs, string? Group, string? Version)> Subresources(ResourceType t)
    {
        var subs = new List<(string, string, JsonArray, string?, string?)>();
        foreach (var e in t.ExtraSubresources)
            subs.Add((e.Name, e.Kind, Strings(e.Verbs), e.Group.Length > 0 ? e.Group : null, e.Group.Length > 0 ? e.Version : null));
        if (t.Scale is not null)
            subs.Add(("scale", "Scale", SubVerbs, "autoscaling", "v1"));
        if (t.HasStatusSubresource)
            subs.Add(("status", t.Kind, SubVerbs, null, null));
        return subs.OrderBy(s => s.Item1, StringComparer.Ordinal);
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode)i).ToArray());
}
