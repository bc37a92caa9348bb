using ElasticScaler.Core.Ack;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>The outcome for one pod: a node to bind to, or the FailedScheduling message kube-scheduler would write.</summary>
public sealed record ScheduleResult(string? Node, string? Message)
{
    public bool Scheduled => Node is not null;
}

/// <summary>
/// kube-scheduler's default profile reduced to what the sim needs, as a pure function: the filters NodeUnschedulable,
/// TaintToleration, NodeAffinity (nodeSelector + required terms) and NodeResourcesFit (pods, cpu, memory) in that
/// order (the first failing plugin rejects the node), then the scores NodeResourcesFit LeastAllocated (weight 1),
/// NodeAffinity preferred terms (weight 2) and TaintToleration PreferNoSchedule (weight 3). Ties go to the first
/// node by name (the real scheduler picks one at random), which keeps tests reproducible.
/// </summary>
public static class Scheduler
{
    private const string Unschedulable = "node(s) were unschedulable";
    private const string AffinityMismatch = "node(s) didn't match Pod's node affinity/selector";
    private const string NotHelpful = "Preemption is not helpful for scheduling";
    private const string NoVictims = "No preemption victims found for incoming pod";

    public static ScheduleResult Decide(PodFacts pod, IReadOnlyList<NodeFacts> nodes)
    {
        pod = Effective(pod);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        var feasible = new List<NodeFacts>();
        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var (failures, resolvable) = Filter(pod, node);
            if (failures.Count == 0)
            {
                feasible.Add(node);
                continue;
            }
            foreach (var f in failures)
                reasons[f] = reasons.GetValueOrDefault(f) + 1;
            var p = resolvable ? NoVictims : NotHelpful;
            preemption[p] = preemption.GetValueOrDefault(p) + 1;
        }
        if (feasible.Count == 0)
            return new ScheduleResult(null, Message(nodes.Count, reasons, preemption));
        return new ScheduleResult(Best(pod, feasible), null);
    }

    /// <summary>ACK's webhook rewrites an eci-labelled pod to select and tolerate the virtual node, dropping its own placement rules.</summary>
    public static PodFacts Effective(PodFacts pod) => !pod.ForceEci ? pod : pod with
    {
        NodeSelector = new Dictionary<string, string> { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue },
        RequiredTerms = null,
        PreferredTerms = [],
        Tolerations = [.. pod.Tolerations, new Toleration(AckLabels.VirtualKubeletTaintKey, "Exists", "", "")],
    };

    /// <summary>The reasons a node is rejected (empty when it fits) and whether preemption could help.</summary>
    public static (IReadOnlyList<string> Failures, bool Resolvable) Filter(PodFacts pod, NodeFacts node)
    {
        if (node.Unschedulable && !Toleration.AnyTolerates(pod.Tolerations, new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule")))
            return ([Unschedulable], false);
        var untolerated = node.Taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !Toleration.AnyTolerates(pod.Tolerations, t));
        if (untolerated is not null)
            return (["node(s) had untolerated taint " + untolerated], false);
        if (!MatchesSelectorAndAffinity(pod, node))
            return ([AffinityMismatch], false);
        var failures = new List<string>();
        if (node.PodCount + 1 > node.AllocatablePods)
            failures.Add("Too many pods");
        if (pod.Requests.CpuMillis > 0 && node.Requested.CpuMillis + pod.Requests.CpuMillis > node.Allocatable.CpuMillis)
            failures.Add("Insufficient cpu");
        if (pod.Requests.MemoryBytes > 0 && node.Requested.MemoryBytes + pod.Requests.MemoryBytes > node.Allocatable.MemoryBytes)
            failures.Add("Insufficient memory");
        return (failures, true);
    }

    public static bool MatchesSelectorAndAffinity(PodFacts pod, NodeFacts node) =>
        pod.NodeSelector.All(kv => node.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && (pod.RequiredTerms is null || pod.RequiredTerms.Any(t => t.Matches(node.Name, node.Labels)));

    /// <summary>"0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 Insufficient cpu. preemption: 0/3 nodes are available: ..."</summary>
    public static string Message(int nodeCount, IReadOnlyDictionary<string, int> reasons, IReadOnlyDictionary<string, int> preemption)
    {
        static string Histogram(IReadOnlyDictionary<string, int> h) =>
            string.Join(", ", h.Select(kv => $"{kv.Value} {kv.Key}").Order(StringComparer.Ordinal));
        return $"0/{nodeCount} nodes are available: {Histogram(reasons)}. preemption: 0/{nodeCount} nodes are available: {Histogram(preemption)}.";
    }

    private static string Best(PodFacts pod, IReadOnlyList<NodeFacts> feasible)
    {
        var affinityRaw = feasible.Select(n => (long)pod.PreferredTerms.Where(p => p.Term.Matches(n.Name, n.Labels)).Sum(p => p.Weight)).ToList();
        var taintRaw = feasible.Select(n => (long)n.Taints.Count(t => t.Effect == "PreferNoSchedule" && !Toleration.AnyTolerates(pod.Tolerations, t))).ToList();
        var maxAffinity = affinityRaw.Max();
        var maxTaint = taintRaw.Max();
        var best = (Name: "", Score: long.MinValue);
        for (var i = 0; i < feasible.Count; i++)
        {
            var score = LeastAllocated(pod, feasible[i])
                + 2 * (maxAffinity > 0 ? affinityRaw[i] * 100 / maxAffinity : 0)
                + 3 * (maxTaint > 0 ? 100 - taintRaw[i] * 100 / maxTaint : 100);
            if (score > best.Score)
                best = (feasible[i].Name, score);
        }
        return best.Name;
    }

    /// <summary>LeastAllocated: mean over cpu and memory of (allocatable - requested) * 100 / allocatable, with non-zero requests.</summary>
    public static long LeastAllocated(PodFacts pod, NodeFacts node)
    {
        static long Free(long requested, long allocatable) =>
            allocatable == 0 || requested > allocatable ? 0 : (allocatable - requested) * 100 / allocatable;
        var cpu = Free(node.NonZeroRequested.CpuMillis + pod.NonZeroRequests.CpuMillis, node.Allocatable.CpuMillis);
        var mem = Free(node.NonZeroRequested.MemoryBytes + pod.NonZeroRequests.MemoryBytes, node.Allocatable.MemoryBytes);
        return (cpu + mem) / 2;
    }
}
