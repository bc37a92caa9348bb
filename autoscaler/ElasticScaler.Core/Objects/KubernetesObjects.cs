using System.Collections.Immutable;
using System.Text.Json;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Objects;

/// <summary>
/// The one mapping from Kubernetes objects, as the API serves them in JSON, to the engine's inputs: core/v1 Pods
/// and Nodes, metrics.k8s.io PodMetrics, custom.metrics.k8s.io MetricValueLists and external.metrics.k8s.io
/// ExternalMetricValueLists, a target's autoscaling/v1 Scale, a pod template, and the ElasticScaler (or
/// autoscaling/v2 HPA) object: its spec, annotations and status conditions. The snapshot reader, fast mode and the service all read through it, so a field means the
/// same everywhere. Unknown fields are ignored, as clients of the API must; a field of the wrong type is an error
/// "path: value: why", and every error of an object is reported, not only the first.
/// </summary>
/// <example>
/// <code>
/// using var doc = JsonDocument.Parse(podJson);
/// var read = KubernetesObjects.Pod(doc.RootElement, "pods[3]");
/// if (!read.Success) log(string.Join("; ", read.Errors));   // "pods[3].status.phase: \"Sleeping\": must be one of ..."
/// </code>
/// </example>
public static class KubernetesObjects
{
    /// <summary>A core/v1 Pod: phase, Ready and PodScheduled conditions, requests, node, labels, tolerations.</summary>
    /// <remarks>With <paramref name="shared"/>, the pod's strings, maps, containers and conditions are the instances
    /// it hands out: what a cache of many pods passes, so pods that repeat one another share their parts.</remarks>
    public static ObjectRead<PodState> Pod(JsonElement pod, string path = "pod", SharedValues? shared = null)
    {
        var read = Read(pod, path, static (ctx, e, p) => ReadPod(ctx, e, p));
        return shared is null || read.Value is not { } value ? read : read with { Value = Share(value, shared) };
    }

    /// <summary>A core/v1 Node: labels, taints, cordon, readiness and allocatable (requests come from <see cref="WithRequested"/>).</summary>
    public static ObjectRead<NodeState> Node(JsonElement node, string path = "node") =>
        Read(node, path, static (ctx, e, p) => ReadNode(ctx, e, p));

    /// <summary>A metrics.k8s.io/v1beta1 PodMetrics: per-container usage at a timestamp over a window (15 s when absent).</summary>
    public static ObjectRead<PodMetricsSample> PodMetrics(JsonElement podMetrics, string path = "podMetrics", SharedValues? shared = null)
    {
        var read = Read(podMetrics, path, static (ctx, e, p) => ReadPodMetrics(ctx, e, p));
        return shared is null || read.Value is not { } value ? read : read with { Value = Share(value, shared) };
    }

    /// <summary>
    /// A custom.metrics.k8s.io/v1beta2 MetricValueList (what <c>.../pods/*/{metric}</c> and <c>.../{resource}/{name}/{metric}</c>
    /// answer): every item's described object, metric name, timestamp, window (one minute when absent, as HPA assumes) and value.
    /// </summary>
    public static ObjectRead<IReadOnlyList<CustomMetricValue>> MetricValueList(JsonElement list, string path = "metricValueList") =>
        Read(list, path, static (ctx, e, p) => ReadMetricValueList(ctx, e, p));

    /// <summary>An external.metrics.k8s.io/v1beta1 ExternalMetricValueList: every series' name, labels, timestamp, window and value.</summary>
    public static ObjectRead<IReadOnlyList<ExternalMetricValue>> ExternalMetricValueList(JsonElement list, string path = "externalMetricValueList") =>
        Read(list, path, static (ctx, e, p) => ReadExternalMetricValueList(ctx, e, p));

    /// <summary>
    /// The <c>spec</c> of an ElasticScaler or of an autoscaling/v2 HorizontalPodAutoscaler, bound to
    /// <see cref="Spec.ScalerSpec"/>; a field of the wrong type is named by its path under <paramref name="path"/>.
    /// Binding only: whether the values make sense is <see cref="Decisions.PreparedSpec"/>'s to say.
    /// </summary>
    public static ObjectRead<ScalerSpec> ScalerSpec(JsonElement spec, string path = "spec") =>
        Read(spec, path, static (ctx, e, p) => ctx.Bind<ScalerSpec>(e, p));

    /// <summary>
    /// An ElasticScaler or autoscaling/v2 HorizontalPodAutoscaler object: decided as HPA when its <c>kind</c> says
    /// HorizontalPodAutoscaler, else as ours. Its <c>spec</c> is required and bound as <see cref="ScalerSpec(JsonElement, string)"/>
    /// binds it; <c>status.conditions</c> are read as <see cref="Conditions"/> reads them.
    /// </summary>
    public static ObjectRead<ScalerObject> Scaler(JsonElement scaler, string path = "scaler") =>
        Read(scaler, path, static (ctx, e, p) => ReadScaler(ctx, e, p));

    /// <summary>
    /// A target's autoscaling/v1 Scale (the <c>/scale</c> subresource): <c>spec.replicas</c>, 0 when absent as the API
    /// omits a zero; <c>status.replicas</c>; <c>status.selector</c>, the text form of the target's pod selector.
    /// </summary>
    public static ObjectRead<TargetScale> Scale(JsonElement scale, string path = "scale") =>
        Read(scale, path, static (ctx, e, p) => ReadScale(ctx, e, p));

    /// <summary>A pod template (a workload's <c>spec.template</c>): what one new pod asks of a node. Its metadata needs no name.</summary>
    public static ObjectRead<PodTemplateRequirements> PodTemplate(JsonElement template, string path = "podTemplate") =>
        Read(template, path, static (ctx, e, p) => ReadPod(ctx, e, p, isTemplate: true) is { } pod ? PodTemplateRequirements.FromPod(pod) : null);

    /// <summary>
    /// <c>status.conditions</c> of an ElasticScaler or HPA (<paramref name="status"/> is the status object). Lenient:
    /// an entry without a type, a True/False/Unknown status or a readable lastTransitionTime is left out, as if it had
    /// never been written, so the next decision sets it afresh; of two entries of one type the first counts, as
    /// <see cref="ScalerConditions.Set"/> finds the first.
    /// </summary>
    public static ImmutableArray<ScalerCondition> Conditions(JsonElement status)
    {
        if (!JsonReadContext.TryGet(status, "conditions", out var list) || list.ValueKind != JsonValueKind.Array) return [];
        // Errors are collected and dropped: a condition we cannot read is one we do not have.
        var lenient = new JsonReadContext();
        var conditions = ImmutableArray.CreateBuilder<ScalerCondition>();
        foreach (var c in list.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Object) continue;
            var type = lenient.String(c, "type", "");
            var statusText = lenient.String(c, "status", "");
            var time = lenient.Time(c, "lastTransitionTime", "");
            if (string.IsNullOrEmpty(type) || time is null || !TryStatus(statusText, out var conditionStatus)) continue;
            if (conditions.Any(x => x.Type == type)) continue;
            conditions.Add(new ScalerCondition(type, conditionStatus, lenient.String(c, "reason", "") ?? "", lenient.String(c, "message", "") ?? "", time.Value));
        }
        return conditions.ToImmutable();
    }

    /// <summary>
    /// Adds the requests and the count of the pods bound to each node (what the scheduler subtracts), as
    /// <see cref="NodeRequests"/> tallies them; a controller that watches pods keeps that tally instead.
    /// </summary>
    public static IReadOnlyList<NodeState> WithRequested(IReadOnlyList<NodeState> nodes, IEnumerable<PodState> boundPods)
    {
        var requests = new NodeRequests();
        foreach (var pod in boundPods) requests.Add(pod);
        return requests.ApplyTo(nodes);
    }

    private static ScalerObject? ReadScaler(JsonReadContext ctx, JsonElement scaler, string path)
    {
        string? name = null;
        IReadOnlyDictionary<string, string> annotations = ImmutableDictionary<string, string>.Empty;
        var metaPath = JsonReadContext.Join(path, "metadata");
        if (ctx.Object(scaler, "metadata", path) is { } meta)
        {
            name = ctx.String(meta, "name", metaPath);
            annotations = ctx.StringMap(meta, "annotations", metaPath);
        }
        Spec.ScalerSpec? spec = null;
        if (JsonReadContext.TryGet(scaler, "spec", out var specElement)) spec = ctx.Take(ScalerSpec(specElement, JsonReadContext.Join(path, "spec")));
        else ctx.Error(JsonReadContext.Join(path, "spec"), "required");
        var kind = JsonReadContext.TryGet(scaler, "kind", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == "HorizontalPodAutoscaler"
            ? ScalerKind.HorizontalPodAutoscaler : ScalerKind.ElasticScaler;
        var conditions = JsonReadContext.TryGet(scaler, "status", out var status) ? Conditions(status) : [];
        return spec is null ? null : new ScalerObject(name, kind, annotations, spec, conditions);
    }

    private static TargetScale? ReadScale(JsonReadContext ctx, JsonElement scale, string path)
    {
        int specReplicas = 0, statusReplicas = 0;
        string? selector = null;
        if (ctx.Object(scale, "spec", path, required: true) is { } spec)
        {
            specReplicas = ctx.Int(spec, "replicas", $"{path}.spec") ?? 0;
            if (specReplicas < 0) ctx.Error($"{path}.spec.replicas", $"{specReplicas}: must be 0 or more");
        }
        if (ctx.Object(scale, "status", path) is { } status)
        {
            statusReplicas = ctx.Int(status, "replicas", $"{path}.status") ?? 0;
            selector = ctx.String(status, "selector", $"{path}.status");
        }
        return new TargetScale(specReplicas, statusReplicas, selector);
    }

    private static PodState? ReadPod(JsonReadContext ctx, JsonElement pod, string path, bool isTemplate = false)
    {
        // A pod template's metadata has no name (and may be absent): it reads as a pod named "template".
        var meta = ctx.Object(pod, "metadata", path, required: !isTemplate);
        if (meta is null && !isTemplate) return null;
        var name = meta is { } md ? ctx.String(md, "name", $"{path}.metadata", required: !isTemplate) : null;
        if (name is null && !isTemplate) return null;
        var metadata = meta ?? default;
        var spec = ctx.Object(pod, "spec", path);
        var status = ctx.Object(pod, "status", path);

        PodCondition? ready = null, scheduled = null;
        var phase = PodPhase.Pending;
        DateTimeOffset? startTime = null;
        int restarts = 0;
        if (status is { } st)
        {
            // The ReplicaSet ranks by the most restarts of any container (ActivePodsWithRanks).
            foreach (var (c, cPath) in ctx.Items(st, "containerStatuses", $"{path}.status"))
                if (JsonReadContext.TryGet(c, "restartCount", out var rc) && rc.TryGetInt32(out var n) && n > restarts) restarts = n;
            var phaseText = ctx.String(st, "phase", $"{path}.status");
            if (phaseText is not null)
            {
                if (Enum.TryParse<PodPhase>(phaseText, ignoreCase: false, out var p)) phase = p;
                else ctx.Error($"{path}.status.phase", $"\"{phaseText}\": must be one of Pending, Running, Succeeded, Failed, Unknown");
            }
            startTime = ctx.Time(st, "startTime", $"{path}.status");
            foreach (var (c, cPath) in ctx.Items(st, "conditions", $"{path}.status"))
            {
                var type = ctx.String(c, "type", cPath);
                var condition = new PodCondition(
                    ctx.String(c, "status", cPath) == "True",
                    ctx.Time(c, "lastTransitionTime", cPath),
                    ctx.String(c, "reason", cPath),
                    ctx.String(c, "message", cPath));
                if (type == "Ready") ready = condition;
                else if (type == "PodScheduled") scheduled = condition;
            }
        }

        var containers = new List<ContainerRequests>();
        var initContainers = new List<ContainerRequests>();
        IReadOnlyDictionary<string, Quantity>? podRequests = null;
        string? nodeName = null;
        IReadOnlyDictionary<string, string>? nodeSelector = null;
        List<Toleration>? tolerations = null;
        if (spec is { } sp)
        {
            foreach (var (c, cPath) in ctx.Items(sp, "containers", $"{path}.spec"))
                containers.Add(Container(ctx, c, cPath));
            foreach (var (c, cPath) in ctx.Items(sp, "initContainers", $"{path}.spec"))
                initContainers.Add(Container(ctx, c, cPath));
            if (ctx.Object(sp, "resources", $"{path}.spec") is { } res && JsonReadContext.TryGet(res, "requests", out _))
                podRequests = ctx.ResourceList(res, "requests", $"{path}.spec.resources");
            nodeName = ctx.String(sp, "nodeName", $"{path}.spec");
            if (JsonReadContext.TryGet(sp, "nodeSelector", out _)) nodeSelector = ctx.StringMap(sp, "nodeSelector", $"{path}.spec");
            foreach (var (t, tPath) in ctx.Items(sp, "tolerations", $"{path}.spec"))
            {
                tolerations ??= [];
                tolerations.Add(new Toleration
                {
                    Key = ctx.String(t, "key", tPath),
                    Operator = ctx.String(t, "operator", tPath),
                    Value = ctx.String(t, "value", tPath),
                    Effect = ctx.String(t, "effect", tPath),
                });
            }
        }

        return new PodState
        {
            Name = name ?? "template",
            Uid = meta is { } m2 ? ctx.String(m2, "uid", $"{path}.metadata") : null,
            Restarts = restarts,
            Phase = phase,
            CreationTimestamp = ctx.Time(metadata, "creationTimestamp", $"{path}.metadata"),
            DeletionTimestamp = ctx.Time(metadata, "deletionTimestamp", $"{path}.metadata"),
            StartTime = startTime,
            Ready = ready,
            Scheduled = scheduled,
            Containers = containers,
            InitContainers = initContainers,
            PodRequests = podRequests,
            NodeName = nodeName,
            Labels = ctx.StringMap(metadata, "labels", $"{path}.metadata"),
            Annotations = ctx.StringMap(metadata, "annotations", $"{path}.metadata"),
            NodeSelector = nodeSelector,
            Tolerations = tolerations,
        };
    }

    private static PodState Share(PodState pod, SharedValues shared) => pod with
    {
        Name = shared.String(pod.Name),
        Uid = shared.String(pod.Uid),
        Ready = pod.Ready is { } ready ? shared.Condition(ready) : null,
        Scheduled = pod.Scheduled is { } scheduled ? shared.Condition(scheduled) : null,
        Containers = shared.Containers(pod.Containers),
        InitContainers = shared.Containers(pod.InitContainers),
        PodRequests = pod.PodRequests is { } requests ? shared.ResourceList(requests) : null,
        NodeName = shared.String(pod.NodeName),
        Labels = shared.StringMap(pod.Labels),
        Annotations = shared.StringMap(pod.Annotations),
        NodeSelector = pod.NodeSelector is { } selector ? shared.StringMap(selector) : null,
        Tolerations = pod.Tolerations is { } tolerations ? shared.Tolerations(tolerations) : null,
    };

    // Usage changes with every sample, so only the names are shared: a usage map would seldom be found again.
    private static PodMetricsSample Share(PodMetricsSample sample, SharedValues shared) => sample with
    {
        PodName = shared.String(sample.PodName),
        Containers = [.. sample.Containers.Select(c => c with { Name = shared.String(c.Name) })],
    };

    private static ContainerRequests Container(JsonReadContext ctx, JsonElement c, string path)
    {
        var resources = ctx.Object(c, "resources", path);
        return new ContainerRequests
        {
            Name = ctx.String(c, "name", path, required: true) ?? "",
            Requests = resources is { } r ? ctx.ResourceList(r, "requests", $"{path}.resources") : new Dictionary<string, Quantity>(),
            RestartPolicyAlways = ctx.String(c, "restartPolicy", path) == "Always",
        };
    }

    private static PodMetricsSample? ReadPodMetrics(JsonReadContext ctx, JsonElement m, string path)
    {
        var meta = ctx.Object(m, "metadata", path, required: true);
        var name = meta is { } md ? ctx.String(md, "name", $"{path}.metadata", required: true) : null;
        var timestamp = ctx.Time(m, "timestamp", path, required: true);
        var window = ctx.Duration(m, "window", path) ?? TimeSpan.FromSeconds(15);
        var containers = new List<ContainerUsage>();
        foreach (var (c, cPath) in ctx.Items(m, "containers", path))
        {
            containers.Add(new ContainerUsage(ctx.String(c, "name", cPath, required: true) ?? "", ctx.ResourceList(c, "usage", cPath)));
        }
        if (name is null || timestamp is null) return null;
        return new PodMetricsSample { PodName = name, Timestamp = timestamp.Value, Window = window, Containers = containers };
    }

    private static IReadOnlyList<CustomMetricValue>? ReadMetricValueList(JsonReadContext ctx, JsonElement list, string path)
    {
        if (!JsonReadContext.TryGet(list, "items", out _)) ctx.Error(JsonReadContext.Join(path, "items"), "required");
        var values = new List<CustomMetricValue>();
        foreach (var (item, itemPath) in ctx.Items(list, "items", path))
        {
            var described = ctx.Object(item, "describedObject", itemPath, required: true);
            var describedPath = JsonReadContext.Join(itemPath, "describedObject");
            var kind = described is { } d ? ctx.String(d, "kind", describedPath) ?? "" : "";
            var name = described is { } d2 ? ctx.String(d2, "name", describedPath, required: true) : null;
            // v1beta2 names the metric in metric.name; v1beta1 had metricName at the top.
            var metric = ctx.Object(item, "metric", itemPath) is { } m ? ctx.String(m, "name", JsonReadContext.Join(itemPath, "metric")) : ctx.String(item, "metricName", itemPath);
            var timestamp = ctx.Time(item, "timestamp", itemPath, required: true);
            var windowSeconds = ctx.Int(item, "windowSeconds", itemPath);
            var value = MetricQuantity(ctx, item, itemPath);
            if (name is null || timestamp is null || value is null) continue;
            values.Add(new CustomMetricValue
            {
                Kind = kind,
                Name = name,
                MetricName = metric ?? "",
                Timestamp = timestamp.Value,
                Window = windowSeconds is { } ws ? TimeSpan.FromSeconds(ws) : TimeSpan.FromMinutes(1),
                Value = value.Value,
            });
        }
        return values;
    }

    private static IReadOnlyList<ExternalMetricValue>? ReadExternalMetricValueList(JsonReadContext ctx, JsonElement list, string path)
    {
        if (!JsonReadContext.TryGet(list, "items", out _)) ctx.Error(JsonReadContext.Join(path, "items"), "required");
        var values = new List<ExternalMetricValue>();
        foreach (var (item, itemPath) in ctx.Items(list, "items", path))
        {
            var name = ctx.String(item, "metricName", itemPath) ?? "";
            var labels = ctx.StringMap(item, "metricLabels", itemPath);
            var timestamp = ctx.Time(item, "timestamp", itemPath, required: true);
            // The JSON name is window (int64 seconds), unlike custom metrics' windowSeconds.
            TimeSpan? window = null;
            if (JsonReadContext.TryGet(item, "window", out var w))
            {
                if (w.ValueKind == JsonValueKind.Number && w.TryGetInt64(out var seconds) && seconds >= 0) window = TimeSpan.FromSeconds(seconds);
                else ctx.Error(JsonReadContext.Join(itemPath, "window"), w, "must be a whole number of seconds");
            }
            var value = MetricQuantity(ctx, item, itemPath);
            if (timestamp is null || value is null) continue;
            values.Add(new ExternalMetricValue
            {
                MetricName = name,
                Labels = labels,
                Timestamp = timestamp.Value,
                Window = window,
                Value = value.Value,
            });
        }
        return values;
    }

    private static Quantity? MetricQuantity(JsonReadContext ctx, JsonElement item, string path)
    {
        var valuePath = JsonReadContext.Join(path, "value");
        if (!JsonReadContext.TryGet(item, "value", out var v))
        {
            ctx.Error(valuePath, "required");
            return null;
        }
        return ctx.Quantity(v, valuePath);
    }

    private static NodeState? ReadNode(JsonReadContext ctx, JsonElement n, string path)
    {
        var meta = ctx.Object(n, "metadata", path, required: true);
        var name = meta is { } md ? ctx.String(md, "name", $"{path}.metadata", required: true) : null;
        if (meta is null || name is null) return null;
        var spec = ctx.Object(n, "spec", path);
        var status = ctx.Object(n, "status", path);
        var taints = new List<Taint>();
        bool unschedulable = false;
        if (spec is { } sp)
        {
            unschedulable = JsonReadContext.TryGet(sp, "unschedulable", out var u) && u.ValueKind == JsonValueKind.True;
            foreach (var (t, tPath) in ctx.Items(sp, "taints", $"{path}.spec"))
                taints.Add(new Taint(ctx.String(t, "key", tPath, required: true) ?? "", ctx.String(t, "value", tPath), ctx.String(t, "effect", tPath, required: true) ?? ""));
        }
        bool ready = false;
        IReadOnlyDictionary<string, Quantity> allocatable = new Dictionary<string, Quantity>();
        if (status is { } st)
        {
            allocatable = ctx.ResourceList(st, "allocatable", $"{path}.status");
            foreach (var (c, cPath) in ctx.Items(st, "conditions", $"{path}.status"))
            {
                if (ctx.String(c, "type", cPath) == "Ready") ready = ctx.String(c, "status", cPath) == "True";
            }
        }
        return new NodeState
        {
            Name = name,
            Labels = ctx.StringMap(meta.Value, "labels", $"{path}.metadata"),
            Taints = taints,
            Unschedulable = unschedulable,
            Ready = ready,
            Allocatable = allocatable,
        };
    }

    private static bool TryStatus(string? text, out ConditionStatus status)
    {
        status = text switch { "True" => ConditionStatus.True, "False" => ConditionStatus.False, _ => ConditionStatus.Unknown };
        return text is "True" or "False" or "Unknown";
    }

    private static ObjectRead<T> Read<T>(JsonElement element, string path, Func<JsonReadContext, JsonElement, string, T?> read) where T : class
    {
        var ctx = new JsonReadContext();
        if (element.ValueKind != JsonValueKind.Object)
        {
            if (element.ValueKind == JsonValueKind.Undefined) ctx.Error(path, "required");
            else ctx.Error(path, element, "must be an object");
            return new ObjectRead<T>(null, [.. ctx.Errors]);
        }
        var value = read(ctx, element, path);
        return ctx.Errors.Count == 0 && value is not null ? new ObjectRead<T>(value, []) : new ObjectRead<T>(null, [.. ctx.Errors]);
    }
}
