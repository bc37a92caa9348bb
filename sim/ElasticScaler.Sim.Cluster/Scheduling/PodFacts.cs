using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>Requested cpu (millicores) and memory (bytes) of a pod, as NodeResourcesFit sums them.</summary>
public sealed record Resources(long CpuMillis, long MemoryBytes)
{
    public static readonly Resources Zero = new(0, 0);
    public Resources Plus(Resources o) => new(CpuMillis + o.CpuMillis, MemoryBytes + o.MemoryBytes);
}

/// <summary>What the scheduler reads from a pod: requests, nodeSelector, node affinity, tolerations and the ECI label rule.</summary>
public sealed record PodFacts(
    string Namespace,
    string Name,
    Resources Requests,
    Resources NonZeroRequests,
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<NodeSelectorTerm>? RequiredTerms,
    IReadOnlyList<(int Weight, NodeSelectorTerm Term)> PreferredTerms,
    IReadOnlyList<Toleration> Tolerations,
    bool ForceEci)
{
    /// <summary>kube-scheduler counts a container without requests as 100m cpu and 200Mi memory when scoring (not when filtering).</summary>
    public const long DefaultCpuMillis = 100;
    public const long DefaultMemoryBytes = 200L * 1024 * 1024;

    public static Resources RequestsOf(JsonObject pod, bool nonZero)
    {
        var total = Resources.Zero;
        foreach (var c in (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var r = c["resources"]?["requests"];
            var cpu = K8sJson.Millis(r?["cpu"], "spec.containers[].resources.requests.cpu");
            var mem = K8sJson.Bytes(r?["memory"], "spec.containers[].resources.requests.memory");
            if (nonZero)
            {
                cpu = r?["cpu"] is null ? DefaultCpuMillis : cpu;
                mem = r?["memory"] is null ? DefaultMemoryBytes : mem;
            }
            total = total.Plus(new Resources(cpu, mem));
        }
        // An init container runs alone before the others, so the pod needs the larger of the two (PodRequests).
        foreach (var c in (pod["spec"]?["initContainers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var r = c["resources"]?["requests"];
            total = new Resources(
                Math.Max(total.CpuMillis, K8sJson.Millis(r?["cpu"], "spec.initContainers[].resources.requests.cpu")),
                Math.Max(total.MemoryBytes, K8sJson.Bytes(r?["memory"], "spec.initContainers[].resources.requests.memory")));
        }
        return total;
    }

    /// <summary>RequestsOf, or null when a quantity does not parse.</summary>
    public static Resources? TryRequestsOf(JsonObject pod, bool nonZero)
    {
        try
        {
            return RequestsOf(pod, nonZero);
        }
        catch (Api.ApiException)
        {
            return null;
        }
    }

    public static PodFacts From(JsonObject pod, IReadOnlyDictionary<string, string> namespaceLabels)
    {
        var affinity = pod["spec"]?["affinity"]?["nodeAffinity"];
        var required = (affinity?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray)?
            .OfType<JsonObject>().Select(NodeSelectorTerm.From).ToList();
        var preferred = (affinity?["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?.OfType<JsonObject>()
            .Select(p => (K8sJson.Int(p["weight"], 0), NodeSelectorTerm.From(p["preference"] as JsonObject ?? []))).ToList() ?? [];
        return new PodFacts(
            K8sJson.Namespace(pod),
            K8sJson.Name(pod),
            RequestsOf(pod, nonZero: false),
            RequestsOf(pod, nonZero: true),
            K8sJson.StringMap(pod["spec"]?["nodeSelector"]),
            required,
            preferred,
            Toleration.FromPod(pod),
            EciRule.Applies(K8sJson.Labels(pod), namespaceLabels));
    }
}

/// <summary>
/// ACK's rule: a pod with ACK's ECI label (<see cref="AckLabels.RequestsEci"/>), or any pod in a namespace so labelled,
/// runs on the virtual node whatever its selectors, affinity or tolerations say.
/// </summary>
public static class EciRule
{
    /// <summary>The label the rule reads (<see cref="AckLabels.EciLabel"/>), for callers that stamp it on pods.</summary>
    public const string Label = AckLabels.EciLabel;

    public static bool Applies(IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> namespaceLabels) =>
        AckLabels.RequestsEci(podLabels) || AckLabels.RequestsEci(namespaceLabels);
}
