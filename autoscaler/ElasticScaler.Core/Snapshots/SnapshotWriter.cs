using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Snapshots;

/// <summary>
/// Writes a decision's whole input as a snapshot (docs/snapshot-format.md) that <see cref="SnapshotReader"/> reads
/// back to the same <see cref="DecisionInput"/>, history and time: the reverse of the one mapping in
/// <see cref="Objects.KubernetesObjects"/>, so the service's dumps replay its decisions exactly. Times keep their
/// full precision; pods and nodes are written as the API objects the engine reads them from; what every
/// workload requests of each node goes in <c>nodeRequests</c> instead of every pod of the cluster.
/// </summary>
public static class SnapshotWriter
{
    /// <param name="scaler">The ElasticScaler object as the API served it; its spec's dryRun and its conditions are set from the input.</param>
    /// <param name="input">What the decision read.</param>
    /// <param name="history">The engine's history going into the decision.</param>
    /// <param name="now">The decision's time.</param>
    /// <param name="description">Free text that <c>decide</c> shows.</param>
    public static JsonObject Write(JsonElement scaler, DecisionInput input, DecisionHistory history, DateTimeOffset now, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scalerNode = JsonNode.Parse(scaler.GetRawText())!.AsObject();
        // The input's spec is what was decided on (a controller-wide dry run sets it); the conditions are the ones fed in.
        if (scalerNode["spec"] is JsonObject spec) spec["dryRun"] = input.Spec.DryRun;
        var status = scalerNode["status"] as JsonObject ?? [];
        status["conditions"] = Conditions(input.Conditions);
        scalerNode["status"] = status;

        var root = new JsonObject
        {
            ["apiVersion"] = SnapshotReader.ApiVersion,
            ["kind"] = "DecisionSnapshot",
            ["description"] = description ?? "",
            ["now"] = Time(now),
            [input.Kind == ScalerKind.HorizontalPodAutoscaler ? "hpa" : "scaler"] = scalerNode,
            ["scale"] = new JsonObject
            {
                ["spec"] = new JsonObject { ["replicas"] = input.SpecReplicas },
                ["status"] = Obj(("replicas", input.StatusReplicas), ("selector", input.Selector)),
            },
            ["pods"] = new JsonArray([.. input.Pods.Select(p => (JsonNode)Pod(p))]),
            ["nodes"] = new JsonArray([.. input.Nodes.Select(n => (JsonNode)Node(n))]),
            ["nodeRequests"] = NodeRequests(input.Nodes),
            ["settings"] = new JsonObject
            {
                ["tolerance"] = input.Settings.Tolerance,
                ["cpuInitializationPeriod"] = Duration(input.Settings.CpuInitializationPeriod),
                ["initialReadinessDelay"] = Duration(input.Settings.InitialReadinessDelay),
                ["downscaleStabilization"] = Duration(input.Settings.DownscaleStabilization),
                ["syncPeriod"] = Duration(input.Settings.SyncPeriod),
            },
            ["history"] = JsonNode.Parse(SnapshotReader.WriteHistory(history).GetRawText()),
        };
        if (input.Declared is { } declared) root["declared"] = new JsonObject { ["ecs"] = declared.Ecs, ["eci"] = declared.Eci };
        if (input.PodMetrics is { } metrics) root["podMetrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)PodMetrics(m))]);
        if (input.PodMetricsError is { } error) root["podMetricsError"] = error;
        if (input.Readings.Count > 0) root["metricValues"] = new JsonArray([.. input.Readings.Select(r => (JsonNode)Reading(r))]);
        if (input.Template is { } template) root["podTemplate"] = Template(template);
        return root;
    }

    public static JsonObject Pod(PodState p)
    {
        var meta = Obj(("name", p.Name), ("uid", p.Uid), ("creationTimestamp", Time(p.CreationTimestamp)), ("deletionTimestamp", Time(p.DeletionTimestamp)));
        if (p.Labels.Count > 0) meta["labels"] = Map(p.Labels);
        if (p.Annotations.Count > 0) meta["annotations"] = Map(p.Annotations);
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray([.. p.Containers.Select(c => (JsonNode)Container(c))]),
        };
        if (p.InitContainers.Count > 0) spec["initContainers"] = new JsonArray([.. p.InitContainers.Select(c => (JsonNode)Container(c))]);
        if (p.PodRequests is { } podLevel) spec["resources"] = new JsonObject { ["requests"] = Resources(podLevel) };
        if (p.NodeName is { } node) spec["nodeName"] = node;
        if (p.NodeSelector is { } selector) spec["nodeSelector"] = Map(selector);
        if (p.Tolerations is { } tolerations) spec["tolerations"] = Tolerations(tolerations);
        var conditions = new JsonArray();
        if (p.Ready is { } ready) conditions.Add(PodCondition("Ready", ready));
        if (p.Scheduled is { } scheduled) conditions.Add(PodCondition("PodScheduled", scheduled));
        var status = Obj(("phase", p.Phase.ToString()), ("startTime", Time(p.StartTime)));
        status["conditions"] = conditions;
        // The most restarts of any container is all the engine reads; one status carries it.
        if (p.Restarts > 0) status["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = p.Containers.FirstOrDefault()?.Name ?? "", ["restartCount"] = p.Restarts });
        return new JsonObject { ["metadata"] = meta, ["spec"] = spec, ["status"] = status };
    }

    public static JsonObject Node(NodeState n)
    {
        var meta = new JsonObject { ["name"] = n.Name };
        if (n.Labels.Count > 0) meta["labels"] = Map(n.Labels);
        var spec = new JsonObject();
        if (n.Unschedulable) spec["unschedulable"] = true;
        if (n.Taints.Count > 0)
            spec["taints"] = new JsonArray([.. n.Taints.Select(t => (JsonNode)Obj(("key", t.Key), ("value", t.Value), ("effect", t.Effect)))]);
        return new JsonObject
        {
            ["metadata"] = meta,
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["allocatable"] = Resources(n.Allocatable),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = n.Ready ? "True" : "False" }),
            },
        };
    }

    private static JsonObject NodeRequests(IReadOnlyList<NodeState> nodes)
    {
        var o = new JsonObject();
        foreach (var n in nodes) o[n.Name] = new JsonObject { ["requested"] = Resources(n.Requested), ["pods"] = n.PodCount };
        return o;
    }

    private static JsonObject PodMetrics(PodMetricsSample m) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = m.PodName },
        ["timestamp"] = Time(m.Timestamp),
        ["window"] = Duration(m.Window),
        ["containers"] = new JsonArray([.. m.Containers.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["usage"] = Resources(c.Usage) })]),
    };

    private static JsonObject Reading(MetricReading r)
    {
        var o = new JsonObject { ["index"] = r.Index };
        if (r.PerPod is { } perPod) o["perPod"] = new JsonObject([.. perPod.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))]);
        if (r.Values is { } values) o["values"] = new JsonArray([.. values.Select(v => (JsonNode)v.ToString())]);
        if (r.Timestamp is { } t) o["timestamp"] = Time(t);
        if (r.Error is { } e) o["error"] = e;
        return o;
    }

    /// <summary>A pod template that reads back to the same requirements: one container holding the summed requests.</summary>
    private static JsonObject Template(PodTemplateRequirements t)
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "template", ["resources"] = new JsonObject { ["requests"] = Resources(t.Requests) } }),
        };
        if (t.NodeSelector is { } selector) spec["nodeSelector"] = Map(selector);
        if (t.Tolerations is { } tolerations) spec["tolerations"] = Tolerations(tolerations);
        return new JsonObject { ["spec"] = spec };
    }

    private static JsonObject Container(ContainerRequests c)
    {
        var o = new JsonObject { ["name"] = c.Name, ["resources"] = new JsonObject { ["requests"] = Resources(c.Requests) } };
        if (c.RestartPolicyAlways) o["restartPolicy"] = "Always";
        return o;
    }

    private static JsonArray Conditions(System.Collections.Immutable.ImmutableArray<ScalerCondition> conditions) =>
        conditions.IsDefaultOrEmpty ? [] : new JsonArray([.. conditions.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c.Type, ["status"] = c.Status.ToString(), ["reason"] = c.Reason, ["message"] = c.Message, ["lastTransitionTime"] = Time(c.LastTransitionTime),
        })]);

    private static JsonObject PodCondition(string type, PodCondition c) =>
        Obj(("type", type), ("status", c.Status ? "True" : "False"), ("lastTransitionTime", Time(c.LastTransitionTime)), ("reason", c.Reason), ("message", c.Message));

    private static JsonArray Tolerations(IEnumerable<Spec.Toleration> tolerations) =>
        new([.. tolerations.Select(t => (JsonNode)Obj(("key", t.Key), ("operator", t.Operator), ("value", t.Value), ("effect", t.Effect)))]);

    private static JsonObject Resources(IReadOnlyDictionary<string, Quantity> resources) =>
        new([.. resources.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))]);

    private static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new([.. map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);

    /// <summary>An object of the pairs whose value is not null.</summary>
    private static JsonObject Obj(params (string Key, object? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs)
            if (v is not null) o[k] = JsonValue.Create(v);
        return o;
    }

    /// <summary>Round-trip time text: a replay must see the same instants to the tick.</summary>
    private static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan d) => ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
