namespace ElasticScaler.Core.Ack;

/// <summary>
/// The labels, taint and values by which ACK (Alibaba Cloud Container Service for Kubernetes) marks its virtual
/// node and the pods that run on ECI, and the pool label ElasticScaler puts on its own twin workload. Every
/// project reads them from here, so a value ACK changes is changed once.
/// <para>Sources: ACK "Schedule pods to ECI" (configure-eci-scaling, use-elastic-container-instance-based-scheduling)
/// and the ElasticWorkload example, which selects <c>type: virtual-kubelet</c> and tolerates
/// <c>virtual-kubelet.io/provider</c> with operator Exists.</para>
/// </summary>
public static class AckLabels
{
    /// <summary>
    /// "virtual-kubelet": the program behind ACK's virtual nodes (named <c>virtual-kubelet-&lt;zone&gt;</c>, e.g.
    /// virtual-kubelet-cn-hangzhou-i) and the value of their <see cref="VirtualNodeLabel"/> label. The sim also uses it
    /// as its virtual nodes' instance type and as the component of their pods' events.
    /// </summary>
    public const string VirtualKubelet = "virtual-kubelet";

    /// <summary>The node label key that marks ACK's virtual node: <c>type</c> (as in <c>type=virtual-kubelet</c>).</summary>
    public const string VirtualNodeLabel = "type";

    /// <summary>The value of <see cref="VirtualNodeLabel"/> on a virtual node: <c>virtual-kubelet</c>.</summary>
    public const string VirtualNodeValue = VirtualKubelet;

    /// <summary>
    /// The key of the virtual node's default taint, <c>virtual-kubelet.io/provider=alibabacloud:NoSchedule</c>;
    /// a pod tolerates it with <c>key: virtual-kubelet.io/provider, operator: Exists</c>.
    /// </summary>
    public const string VirtualKubeletTaintKey = "virtual-kubelet.io/provider";

    /// <summary>The value of that taint on ACK: <c>alibabacloud</c>.</summary>
    public const string VirtualKubeletTaintValue = "alibabacloud";

    /// <summary>
    /// The pod (or namespace) label that sends a pod to ECI whatever its selectors, affinity or tolerations say:
    /// <c>alibabacloud.com/eci</c> with value <see cref="EciLabelValue"/>. ACK gives it the highest priority, above
    /// nodeSelector, affinity and ResourcePolicy.
    /// </summary>
    public const string EciLabel = "alibabacloud.com/eci";

    /// <summary>The older form of <see cref="EciLabel"/>, still honoured by ACK: <c>eci=true</c>.</summary>
    public const string EciLabelOld = "eci";

    /// <summary>The value <see cref="EciLabel"/> (and <see cref="EciLabelOld"/>) must have: <c>"true"</c>.</summary>
    public const string EciLabelValue = "true";

    /// <summary>
    /// Ours, not ACK's: which pool a workload and its pods belong to, on the twin workload
    /// (<c>&lt;target&gt;-eci</c>) and its pod template. Values <see cref="PoolEci"/> and <see cref="PoolEcs"/>.
    /// </summary>
    public const string PoolLabel = "elasticscaler.io/pool";

    /// <summary>The <see cref="PoolLabel"/> value of the ECI part (the twin).</summary>
    public const string PoolEci = "eci";

    /// <summary>The <see cref="PoolLabel"/> value of the ECS part (the user's target).</summary>
    public const string PoolEcs = "ecs";

    /// <summary>Whether a node's labels mark it as ACK's virtual node (<c>type=virtual-kubelet</c>).</summary>
    public static bool IsVirtualNode(IReadOnlyDictionary<string, string> nodeLabels) =>
        nodeLabels.TryGetValue(VirtualNodeLabel, out var v) && v == VirtualNodeValue;

    /// <summary>
    /// Whether a pod's (or its namespace's) labels send it to ECI by ACK's label rule: <c>alibabacloud.com/eci=true</c>
    /// or the older <c>eci=true</c>.
    /// </summary>
    public static bool RequestsEci(IReadOnlyDictionary<string, string> labels) =>
        (labels.TryGetValue(EciLabel, out var v) && v == EciLabelValue) ||
        (labels.TryGetValue(EciLabelOld, out var o) && o == EciLabelValue);
}
