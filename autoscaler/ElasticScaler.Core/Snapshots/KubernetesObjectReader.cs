using System.Text.Json;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Snapshots;

/// <summary>
/// Turns core/v1 Pods and Nodes and metrics.k8s.io PodMetrics, as the API serves them, into the engine's
/// state records. Unknown fields are ignored, as clients of the API must; wrong types are reported.
/// </summary>
internal static class KubernetesObjectReader
{
    public static PodState? Pod(JsonReadContext ctx, JsonElement pod, string path)
    {
        var meta = ctx.Object(pod, "metadata", path, required: true);
        if (meta is null) return null;
        var name = ctx.String(meta.Value, "name", $"{path}.metadata", required: true);
        if (name is null) return null;
        var spec = ctx.Object(pod, "spec", path);
        var status = ctx.Object(pod, "status", path);

        PodCondition? ready = null, scheduled = null;
        var phase = PodPhase.Pending;
        DateTimeOffset? startTime = null;
        if (status is { } st)
        {
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
            Name = name,
            Phase = phase,
            CreationTimestamp = ctx.Time(meta.Value, "creationTimestamp", $"{path}.metadata"),
            DeletionTimestamp = ctx.Time(meta.Value, "deletionTimestamp", $"{path}.metadata"),
            StartTime = startTime,
            Ready = ready,
            Scheduled = scheduled,
            Containers = containers,
            InitContainers = initContainers,
            PodRequests = podRequests,
            NodeName = nodeName,
            Labels = ctx.StringMap(meta.Value, "labels", $"{path}.metadata"),
            Annotations = ctx.StringMap(meta.Value, "annotations", $"{path}.metadata"),
            NodeSelector = nodeSelector,
            Tolerations = tolerations,
        };
    }

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

    public static PodMetricsSample? PodMetrics(JsonReadContext ctx, JsonElement m, string path)
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

    public static NodeState? Node(JsonReadContext ctx, JsonElement n, string path)
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

    /// <summary>Adds the requests and the count of the pods bound to each node (what the scheduler subtracts).</summary>
    public static IReadOnlyList<NodeState> WithRequested(IReadOnlyList<NodeState> nodes, IEnumerable<PodState> boundPods)
    {
        var requested = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in boundPods)
        {
            if (pod.NodeName is null || pod.Phase is PodPhase.Succeeded or PodPhase.Failed) continue;
            counts[pod.NodeName] = counts.GetValueOrDefault(pod.NodeName) + 1;
            if (!requested.TryGetValue(pod.NodeName, out var sum)) requested[pod.NodeName] = sum = new(StringComparer.Ordinal);
            foreach (var (resource, q) in PodTemplateRequirements.FromPod(pod).Requests)
                sum[resource] = sum.GetValueOrDefault(resource) + q.Value;
        }
        var result = new List<NodeState>(nodes.Count);
        foreach (var n in nodes)
        {
            var sum = requested.GetValueOrDefault(n.Name);
            result.Add(n with
            {
                PodCount = counts.GetValueOrDefault(n.Name),
                Requested = sum is null ? n.Requested : sum.ToDictionary(kv => kv.Key, kv => new Quantity(kv.Value), StringComparer.Ordinal),
            });
        }
        return result;
    }
}
