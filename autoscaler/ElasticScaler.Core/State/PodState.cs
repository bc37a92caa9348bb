using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.State;

/// <summary>core/v1 PodPhase.</summary>
public enum PodPhase { Pending, Running, Succeeded, Failed, Unknown }

/// <summary>
/// What the engine needs of one core/v1 Pod of the target: phase, readiness, start time, requests and
/// where it runs. Built from the API object by the service or the snapshot reader.
/// </summary>
public sealed record PodState
{
    public required string Name { get; init; }
    /// <summary>metadata.uid; the ReplicaSet breaks ties inside a log2 age bucket by it (null: by the later rules).</summary>
    public string? Uid { get; init; }
    public PodPhase Phase { get; init; } = PodPhase.Running;
    public DateTimeOffset? CreationTimestamp { get; init; }
    /// <summary>Set when the pod is being deleted; HPA ignores such pods.</summary>
    public DateTimeOffset? DeletionTimestamp { get; init; }
    /// <summary>status.startTime.</summary>
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>The Ready condition, or null when the pod has none.</summary>
    public PodCondition? Ready { get; init; }
    /// <summary>The PodScheduled condition, or null; Status False with reason Unschedulable means pending for capacity.</summary>
    public PodCondition? Scheduled { get; init; }
    public IReadOnlyList<ContainerRequests> Containers { get; init; } = [];
    /// <summary>Init containers; those with restartPolicy Always are sidecars and count toward requests.</summary>
    public IReadOnlyList<ContainerRequests> InitContainers { get; init; } = [];
    /// <summary>spec.resources.requests (pod-level resources); when set, HPA uses it instead of the containers' sum.</summary>
    public IReadOnlyDictionary<string, Quantity>? PodRequests { get; init; }
    public string? NodeName { get; init; }
    /// <summary>The highest status.containerStatuses[].restartCount; a pod that restarts more goes first on scale-in.</summary>
    public int Restarts { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    public IReadOnlyList<Toleration>? Tolerations { get; init; }
}

/// <summary>A pod condition's status and when it last changed.</summary>
public sealed record PodCondition(bool Status, DateTimeOffset? LastTransitionTime, string? Reason = null, string? Message = null);

/// <summary>One container's resource requests; for init containers, whether it is a restartable sidecar.</summary>
public sealed record ContainerRequests
{
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, Quantity> Requests { get; init; } = new Dictionary<string, Quantity>();
    /// <summary>restartPolicy: Always on an init container (a sidecar).</summary>
    public bool RestartPolicyAlways { get; init; }
}
