using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>The facts ActivePodsWithRanks compares, read from a pod.</summary>
public sealed record RankedPod(
    string Name,
    string Uid,
    string NodeName,
    string Phase,
    bool Ready,
    DateTimeOffset? ReadySince,
    int DeletionCost,
    int MaxRestarts,
    DateTimeOffset? Created)
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static RankedPod From(JsonObject pod)
    {
        var ready = K8sJson.Condition(pod, "Ready");
        var isReady = (string?)ready?["status"] == "True";
        var cost = K8sJson.Annotations(pod).TryGetValue(DeletionCostAnnotation, out var c)
            && int.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var restarts = (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
            .Select(s => K8sJson.Int(s["restartCount"], 0)).DefaultIfEmpty(0).Max() ?? 0;
        return new RankedPod(K8sJson.Name(pod), K8sJson.Uid(pod), (string?)pod["spec"]?["nodeName"] ?? "", (string?)pod["status"]?["phase"] ?? "Pending",
            isReady, isReady ? K8sJson.Time(ready?["lastTransitionTime"]) : null, cost, restarts, K8sJson.Time(pod["metadata"]?["creationTimestamp"]));
    }
}

/// <summary>
/// The ReplicaSet controller's scale-down order (controller_utils.go ActivePodsWithRanks.Less, with the
/// LogarithmicScaleDown and PodDeletionCost gates on as in 1.32): first to go are
/// 1. unassigned pods, 2. Pending before Unknown before Running, 3. not ready, 4. lower pod-deletion-cost,
/// 5. more related pods on the same node, 6. ready for less time (log2 buckets), 7. more restarts,
/// 8. newer (log2 buckets), then UID order inside a bucket.
/// </summary>
public static class PodRanking
{
    /// <summary>The pods to delete, first victim first. <paramref name="related"/> are the active pods of the RS and its siblings (for rank 5).</summary>
    public static IReadOnlyList<RankedPod> Victims(IReadOnlyList<RankedPod> pods, IReadOnlyList<RankedPod> related, int count, DateTimeOffset now)
    {
        var onNode = related.GroupBy(p => p.NodeName).ToDictionary(g => g.Key, g => g.Count());
        var ranked = pods.Select(p => (Pod: p, Rank: onNode.GetValueOrDefault(p.NodeName))).ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank, now));
        return ranked.Take(count).Select(r => r.Pod).ToList();
    }

    /// <summary>Negative when <paramref name="a"/> should be deleted before <paramref name="b"/>.</summary>
    public static int Compare(RankedPod a, int rankA, RankedPod b, int rankB, DateTimeOffset now)
    {
        if (a.NodeName != b.NodeName && (a.NodeName.Length == 0 || b.NodeName.Length == 0))
            return a.NodeName.Length == 0 ? -1 : 1;
        if (PhaseOrdinal(a.Phase) != PhaseOrdinal(b.Phase))
            return PhaseOrdinal(a.Phase).CompareTo(PhaseOrdinal(b.Phase));
        if (a.Ready != b.Ready)
            return a.Ready ? 1 : -1;
        if (a.DeletionCost != b.DeletionCost)
            return a.DeletionCost.CompareTo(b.DeletionCost);
        if (rankA != rankB)
            return rankB.CompareTo(rankA);
        if (a.Ready && b.Ready && a.ReadySince != b.ReadySince)
        {
            var r = TimeOrder(a.ReadySince, b.ReadySince, a, b, now);
            if (r != 0)
                return r;
        }
        if (a.MaxRestarts != b.MaxRestarts)
            return b.MaxRestarts.CompareTo(a.MaxRestarts);
        if (a.Created != b.Created)
            return TimeOrder(a.Created, b.Created, a, b, now);
        return 0;
    }

    /// <summary>Pending 0, Unknown 1, Running 2; any other phase counts as Pending (Go's map default).</summary>
    private static int PhaseOrdinal(string phase) => phase switch { "Unknown" => 1, "Running" => 2, _ => 0 };

    /// <summary>Newer (or unset) first, compared in log2 buckets of age in nanoseconds; same bucket falls back to UID order.</summary>
    private static int TimeOrder(DateTimeOffset? ta, DateTimeOffset? tb, RankedPod a, RankedPod b, DateTimeOffset now)
    {
        if (ta is null || tb is null)
            return ta is null ? -1 : 1;
        var diff = Bucket(now - ta.Value) - Bucket(now - tb.Value);
        if (diff == 0)
            return string.CompareOrdinal(a.Uid, b.Uid);
        return diff < 0 ? -1 : 1;
    }

    private static long Bucket(TimeSpan age)
    {
        var nanos = age.Ticks * 100.0;
        return nanos > 0 ? (long)Math.Log2(nanos) : -1;
    }
}
