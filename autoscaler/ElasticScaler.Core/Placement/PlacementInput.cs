using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>Everything one placement decision reads.</summary>
public sealed record PlacementInput
{
    /// <summary>Desired total replicas after metrics, schedules, behavior and clamp.</summary>
    public required int Desired { get; init; }
    /// <summary>
    /// The pods of both parts (they carry the target's selector labels); terminating, succeeded and failed pods are
    /// ignored.
    /// </summary>
    public required IReadOnlyList<PodState> Pods { get; init; }
    /// <summary>
    /// The twin design's scale.spec.replicas: the target's (ECS) and the twin's (ECI). When set, "how many each pool
    /// has now" comes from here, not from counting pods, because pods lag behind spec: a ReplicaSet may not have
    /// made its pods yet, and counting pods would ask for the same pods twice. Pods still decide readiness
    /// (make-before-break), what is starting, which ECS pods are unschedulable past the timeout, and ECS room (less
    /// the ECS replicas declared but not created yet). The plan then carries the counts to write
    /// (<see cref="PlacementPlan.Next"/>, written in the order of <see cref="PlacementPlan.TwinWrites"/>) and no
    /// pod-level actions. Null: pods are counted, and the plan names pods to create and delete
    /// (<see cref="PlacementPlan.Actions"/>), as fast mode applies them. The decision's current replicas should be
    /// the sum.
    /// </summary>
    public PoolReplicas? Declared { get; init; }
    public required IReadOnlyList<NodeState> Nodes { get; init; }
    /// <summary>What one new pod asks for: requests, nodeSelector, tolerations of the pod template.</summary>
    public required PodTemplateRequirements Template { get; init; }
    /// <summary>spec.placement; null means EcsFirst with every default.</summary>
    public PlacementSpec? Spec { get; init; }
    public PlacementHistory History { get; init; } = PlacementHistory.Empty;
    public required DateTimeOffset Now { get; init; }
    /// <summary>
    /// spec.dryRun: the plan is reported but nothing will be made, so its ECI creations are not recorded against the
    /// per-minute limit (else later dry-run plans would report EciCreateRateLimited for pods that never existed).
    /// </summary>
    public bool DryRun { get; init; }
}

/// <summary>Replicas per pool: ECS (the target's) and ECI (the twin's).</summary>
public readonly record struct PoolReplicas(int Ecs, int Eci)
{
    public int Total => Ecs + Eci;
}

/// <summary>What a new pod of the target asks of a node.</summary>
public sealed record PodTemplateRequirements
{
    public static readonly PodTemplateRequirements None = new();

    /// <summary>Requests summed over containers (and sidecar init containers), e.g. cpu 500m, memory 1Gi.</summary>
    public IReadOnlyDictionary<string, Quantity> Requests { get; init; } = new Dictionary<string, Quantity>();
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    public IReadOnlyList<Toleration>? Tolerations { get; init; }

    /// <summary>
    /// The requirements of an existing pod, as the scheduler counts them: pod-level requests when set, else the
    /// containers plus sidecars, raised per resource to the largest ordinary init container (which runs alone).
    /// </summary>
    public static PodTemplateRequirements FromPod(PodState pod)
    {
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (pod.PodRequests is { } podLevel)
        {
            foreach (var (k, v) in podLevel) requests[k] = v;
        }
        else
        {
            foreach (var c in pod.Containers) Add(requests, c.Requests);
            foreach (var c in pod.InitContainers) if (c.RestartPolicyAlways) Add(requests, c.Requests);
            foreach (var c in pod.InitContainers)
            {
                if (c.RestartPolicyAlways) continue;
                foreach (var (k, v) in c.Requests)
                    if (!requests.TryGetValue(k, out var have) || v.Value > have.Value) requests[k] = v;
            }
        }
        return new PodTemplateRequirements { Requests = requests, NodeSelector = pod.NodeSelector, Tolerations = pod.Tolerations };
    }

    private static void Add(Dictionary<string, Quantity> into, IReadOnlyDictionary<string, Quantity> add)
    {
        foreach (var (k, v) in add) into[k] = into.TryGetValue(k, out var have) ? new Quantity(have.Value + v.Value) : v;
    }
}
