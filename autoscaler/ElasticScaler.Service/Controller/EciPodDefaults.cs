using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Options;

namespace ElasticScaler.Service.Controller;

/// <summary>When the twin's pods get <see cref="EciPodDefaults.PodLabels"/>.</summary>
public enum EciPodLabelsWhen
{
    /// <summary>When the cluster is ACK: a virtual node carries ACK's provider taint (<see cref="TwinWorkload.IsAck"/>).</summary>
    Auto,
    Always,
    Never,
}

/// <summary>
/// The service's defaults for the twin's pods (options <c>EciNodeSelector</c>, <c>EciTolerations</c>,
/// <c>EciPodLabels</c>, <c>EciPodLabelsWhen</c>): used where a scaler's <c>spec.placement.eci</c> leaves the node
/// selector or the tolerations empty; the pod labels go on every twin pod when <see cref="PodLabelsWhen"/> says so,
/// under the spec's own labels. <see cref="Ack"/> is ACK's virtual node: what the service did before they were options.
/// </summary>
public sealed record EciPodDefaults(
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<Toleration> Tolerations,
    IReadOnlyDictionary<string, string> PodLabels,
    EciPodLabelsWhen PodLabelsWhen)
{
    /// <summary>ACK's virtual node: <c>type=virtual-kubelet</c>, tolerate <c>virtual-kubelet.io/provider</c>, and <c>alibabacloud.com/eci=true</c> on ACK.</summary>
    public static EciPodDefaults Ack { get; } = new(
        new Dictionary<string, string> { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue },
        [new Toleration { Key = AckLabels.VirtualKubeletTaintKey, Operator = "Exists", Effect = "NoSchedule" }],
        new Dictionary<string, string> { [AckLabels.EciLabel] = AckLabels.EciLabelValue },
        EciPodLabelsWhen.Auto);

    public static EciPodDefaults From(ControllerOptions o) => new(o.EciNodeSelector, o.EciTolerations, o.EciPodLabels, o.EciPodLabelsWhen);

    /// <summary>What the twin adds to the target's pods, for a scaler's ECI spec on a cluster that is (or is not) ACK.</summary>
    public TwinPodSettings Resolve(EciPoolSpec? eci, bool ack)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (PodLabelsWhen == EciPodLabelsWhen.Always || (PodLabelsWhen == EciPodLabelsWhen.Auto && ack))
            foreach (var (k, v) in PodLabels) labels[k] = v;
        foreach (var (k, v) in eci?.Labels ?? Empty) labels[k] = v;
        return new TwinPodSettings(
            eci?.NodeSelector is { Count: > 0 } selector ? selector : NodeSelector,
            eci?.Tolerations is { Count: > 0 } tolerations ? tolerations : Tolerations,
            labels,
            eci?.Annotations ?? Empty);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>What the twin puts on the target's pod template: node selector, tolerations, labels, annotations.</summary>
public sealed record TwinPodSettings(
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<Toleration> Tolerations,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>A stable text of everything here (maps sorted by key, tolerations in order, JSON so no value can mimic a separator), for the twin's template hash.</summary>
    public string Canonical() => new JsonArray(
        Sorted(NodeSelector),
        new JsonArray([.. Tolerations.Select(t => (JsonNode)new JsonArray(t.Key, t.Operator, t.Value, t.Effect))]),
        Sorted(Labels),
        Sorted(Annotations)).ToJsonString();

    private static JsonArray Sorted(IReadOnlyDictionary<string, string> map) =>
        new([.. map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonArray(kv.Key, kv.Value))]);
}
