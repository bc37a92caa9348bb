using System.Text.Json;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Snapshots;

/// <summary>
/// Reads a decision snapshot (docs/snapshot-format.md). Its parts are the Kubernetes objects as the API serves
/// them, so a user can assemble one with kubectl: the ElasticScaler (or an autoscaling/v2 HPA), the target's
/// autoscaling/v1 Scale, the Pods, the metrics.k8s.io PodMetrics, the Nodes, plus the other metric sources'
/// values, the engine's history, the controller settings and the time. Every problem is reported with its path.
/// The objects are read by <see cref="KubernetesObjects"/>, the mapping the service uses, so a replay reads a field
/// exactly as the live controller does.
/// </summary>
public static class SnapshotReader
{
    public const string ApiVersion = "snapshot.elasticscaler.io/v1";

    public static SnapshotReadResult Read(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return SnapshotReadResult.Fail($"not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            return Read(doc.RootElement);
        }
    }

    public static SnapshotReadResult Read(JsonElement root)
    {
        var ctx = new JsonReadContext();
        if (root.ValueKind != JsonValueKind.Object)
            return SnapshotReadResult.Fail($"snapshot: {JsonReadContext.Show(root)}: must be a JSON object (see docs/snapshot-format.md)");

        // A bare ElasticScaler or HPA object is read as the scaler part, so its errors still name its fields; under
        // "scaler" or "hpa" the key says how it is decided, as docs/snapshot-format.md promises.
        ScalerObject? scaler = null;
        if (JsonReadContext.TryGet(root, "hpa", out var hpa))
            scaler = ctx.Take(KubernetesObjects.Scaler(hpa, "hpa")) is { } h ? h with { Kind = ScalerKind.HorizontalPodAutoscaler } : null;
        else if (JsonReadContext.TryGet(root, "scaler", out var ours))
            scaler = ctx.Take(KubernetesObjects.Scaler(ours, "scaler")) is { } es ? es with { Kind = ScalerKind.ElasticScaler } : null;
        else if (JsonReadContext.TryGet(root, "spec", out _))
            scaler = ctx.Take(KubernetesObjects.Scaler(root, ""));
        else
            ctx.Error("scaler", "required: the ElasticScaler object (kubectl get es NAME -o json), or \"hpa\" with an autoscaling/v2 HorizontalPodAutoscaler");

        var settings = ReadSettings(ctx, root);
        var now = ctx.Time(root, "now", "", required: true);

        TargetScale? scale = null;
        if (JsonReadContext.TryGet(root, "scale", out var scaleElement)) scale = ctx.Take(KubernetesObjects.Scale(scaleElement, "scale"));
        else ctx.Error("scale", "required");

        var pods = new List<PodState>();
        foreach (var (p, path) in ctx.Items(root, "pods", ""))
            if (ctx.Take(KubernetesObjects.Pod(p, path)) is { } pod) pods.Add(pod);
        List<PodMetricsSample>? podMetrics = null;
        if (JsonReadContext.TryGet(root, "podMetrics", out _))
        {
            podMetrics = [];
            foreach (var (m, path) in ctx.Items(root, "podMetrics", ""))
                if (ctx.Take(KubernetesObjects.PodMetrics(m, path)) is { } sample) podMetrics.Add(sample);
        }
        var nodes = new List<NodeState>();
        foreach (var (n, path) in ctx.Items(root, "nodes", ""))
            if (ctx.Take(KubernetesObjects.Node(n, path)) is { } node) nodes.Add(node);
        var clusterPods = new List<PodState>();
        foreach (var (p, path) in ctx.Items(root, "clusterPods", ""))
            if (ctx.Take(KubernetesObjects.Pod(p, path)) is { } pod) clusterPods.Add(pod);
        PodTemplateRequirements? template = null;
        if (JsonReadContext.TryGet(root, "podTemplate", out var t))
            template = ctx.Take(KubernetesObjects.PodTemplate(t, "podTemplate"));

        PoolReplicas? declared = null;
        if (ctx.Object(root, "declared", "") is { } d)
            declared = new PoolReplicas(ctx.Int(d, "ecs", "declared", required: true) ?? 0, ctx.Int(d, "eci", "declared", required: true) ?? 0);
        var nodeRequests = ReadNodeRequests(ctx, root);

        var readings = ReadMetricValues(ctx, root, scaler?.Spec);
        var history = ReadHistory(ctx, root);

        if (ctx.Errors.Count > 0 || scaler is null || scale is null || now is null) return SnapshotReadResult.Fail(ctx.Errors.Count > 0 ? ctx.Errors : ["spec: required"]);

        var input = new DecisionInput
        {
            Spec = scaler.Spec,
            Kind = scaler.Kind,
            Annotations = scaler.Annotations,
            SpecReplicas = scale.SpecReplicas,
            StatusReplicas = scale.StatusReplicas,
            Selector = scale.Selector,
            Pods = pods,
            PodMetrics = podMetrics,
            PodMetricsError = ctx.String(root, "podMetricsError", ""),
            Readings = readings,
            Nodes = nodeRequests is null ? KubernetesObjects.WithRequested(nodes, clusterPods.Count > 0 ? clusterPods : pods) : WithRequests(nodes, nodeRequests),
            Declared = declared,
            Template = template,
            Settings = settings,
            // The status as written: a condition whose status does not flip keeps its transition time in a replay.
            Conditions = scaler.Conditions,
        };
        return SnapshotReadResult.Ok(new DecisionSnapshot(input, history, now!.Value, scaler.Name ?? "", ctx.String(root, "description", "")));
    }


    /// <summary>"nodeRequests": {"node": {"requested": {"cpu": "3"}, "pods": 11}}: what all workloads request of each node, in place of clusterPods.</summary>
    private static Dictionary<string, (IReadOnlyDictionary<string, Model.Quantity> Requested, int Pods)>? ReadNodeRequests(JsonReadContext ctx, JsonElement root)
    {
        if (ctx.Object(root, "nodeRequests", "") is not { } o) return null;
        var result = new Dictionary<string, (IReadOnlyDictionary<string, Model.Quantity>, int)>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            var path = $"nodeRequests.{p.Name}";
            if (p.Value.ValueKind != JsonValueKind.Object)
            {
                ctx.Error(path, p.Value, "must be an object with requested and pods");
                continue;
            }
            result[p.Name] = (ctx.ResourceList(p.Value, "requested", path), ctx.Int(p.Value, "pods", path) ?? 0);
        }
        return result;
    }

    private static List<NodeState> WithRequests(List<NodeState> nodes, Dictionary<string, (IReadOnlyDictionary<string, Model.Quantity> Requested, int Pods)> requests) =>
        [.. nodes.Select(n => requests.TryGetValue(n.Name, out var r) ? n with { Requested = r.Requested, PodCount = r.Pods } : n)];

    private static ControllerSettings ReadSettings(JsonReadContext ctx, JsonElement root)
    {
        var d = ControllerSettings.Default;
        if (ctx.Object(root, "settings", "") is not { } s) return d;
        var tolerance = ctx.Double(s, "tolerance", "settings") ?? d.Tolerance;
        if (tolerance < 0) ctx.Error("settings.tolerance", $"{tolerance}: must be 0 or more (default 0.1)");
        return new ControllerSettings
        {
            Tolerance = tolerance,
            CpuInitializationPeriod = ctx.Duration(s, "cpuInitializationPeriod", "settings") ?? d.CpuInitializationPeriod,
            InitialReadinessDelay = ctx.Duration(s, "initialReadinessDelay", "settings") ?? d.InitialReadinessDelay,
            DownscaleStabilization = ctx.Duration(s, "downscaleStabilization", "settings") ?? d.DownscaleStabilization,
            SyncPeriod = ctx.Duration(s, "syncPeriod", "settings") ?? d.SyncPeriod,
        };
    }

    private static List<MetricReading> ReadMetricValues(JsonReadContext ctx, JsonElement root, ScalerSpec? spec)
    {
        var readings = new List<MetricReading>();
        foreach (var (m, rawPath) in ctx.Items(root, "metricValues", ""))
        {
            var path = rawPath;
            var index = ctx.Int(m, "index", path, required: true);
            if (index is null) continue;
            if (spec is not null && (index < 0 || index >= spec.Metrics.Count))
            {
                ctx.Error($"{path}.index", $"{index}: no such entry in spec.metrics (it has {spec.Metrics.Count})");
                continue;
            }
            Dictionary<string, Model.Quantity>? perPod = null;
            if (ctx.Object(m, "perPod", path) is { } pp)
            {
                perPod = new(StringComparer.Ordinal);
                foreach (var p in pp.EnumerateObject())
                    if (ctx.Quantity(p.Value, $"{path}.perPod.{p.Name}") is { } q) perPod[p.Name] = q;
            }
            List<Model.Quantity>? values = null;
            if (JsonReadContext.TryGet(m, "value", out var single))
            {
                values = [];
                if (ctx.Quantity(single, $"{path}.value") is { } q) values.Add(q);
            }
            if (JsonReadContext.TryGet(m, "values", out var many))
            {
                values ??= [];
                if (many.ValueKind != JsonValueKind.Array) ctx.Error($"{path}.values", many, "must be an array of quantities");
                else
                {
                    int i = 0;
                    foreach (var v in many.EnumerateArray())
                        if (ctx.Quantity(v, $"{path}.values[{i++}]") is { } q) values.Add(q);
                }
            }
            var error = ctx.String(m, "error", path);
            if (perPod is null && values is null && error is null)
                ctx.Error(path, "needs one of value, values, perPod or error");
            readings.Add(new MetricReading { Index = index.Value, PerPod = perPod, Values = values, Timestamp = ctx.Time(m, "timestamp", path), Error = error });
        }
        return readings;
    }

    private static DecisionHistory ReadHistory(JsonReadContext ctx, JsonElement root)
    {
        if (!JsonReadContext.TryGet(root, "history", out var h)) return DecisionHistory.Empty;
        if (h.ValueKind != JsonValueKind.Object)
        {
            ctx.Error("history", h, "must be an object (the \"history\" of a previous decide --json output)");
            return DecisionHistory.Empty;
        }
        return ctx.Bind<DecisionHistory>(h, "history") ?? DecisionHistory.Empty;
    }

    /// <summary>Serializes a history the way <see cref="Read(string)"/> reads it back.</summary>
    public static JsonElement WriteHistory(DecisionHistory history) => JsonSerializer.SerializeToElement(history, CoreJson.Options);
}

/// <summary>A snapshot, or every problem found in it.</summary>
public sealed record SnapshotReadResult(DecisionSnapshot? Snapshot, IReadOnlyList<string> Errors)
{
    public bool Success => Snapshot is not null;
    public static SnapshotReadResult Ok(DecisionSnapshot s) => new(s, []);
    public static SnapshotReadResult Fail(params IReadOnlyList<string> errors) => new(null, errors);
}
