using System.Globalization;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// Which pod of a ReplicaSet goes first on scale-in: the ReplicaSet controller's order (Kubernetes 1.32,
/// controller_utils.go ActivePodsWithRanks.Less, with the PodDeletionCost and LogarithmicScaleDown gates on, their
/// default). First to go are:
/// <list type="number">
/// <item>unassigned pods (no node) before assigned ones;</item>
/// <item>Pending before Unknown before Running (any other phase counts as Pending, Go's map default);</item>
/// <item>not ready before ready;</item>
/// <item>lower <c>controller.kubernetes.io/pod-deletion-cost</c> first;</item>
/// <item>more related pods on the same node first (colocation: the controller counts, per node, the active pods
/// of the ReplicaSet and its siblings of the same Deployment; see <see cref="PodsPerNode"/>);</item>
/// <item>both ready: ready for less time first, compared in log2 buckets of the time ready, UID order inside a
/// bucket;</item>
/// <item>more container restarts first;</item>
/// <item>newer first, in log2 buckets of age, UID order inside a bucket.</item>
/// </list>
/// Go's sort leaves equal pods in any order; here UID and then name end the comparison, so the victims never depend
/// on the order the pods were listed in. Pods without a UID (fast mode's) fall through a bucket tie to the later rules.
/// The sim's ReplicaSet controller, fast mode and the placement planner all delete in this one order.
/// </summary>
public static class DeletionRanking
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>podutil.IsPodReady: the Ready condition is True.</summary>
    public static bool IsReady(PodState p) => p.Ready is { Status: true };

    /// <summary>controller.IsPodActive: not terminating, not Succeeded, not Failed.</summary>
    public static bool IsActive(PodState p) => p.DeletionTimestamp is null && p.Phase is not (PodPhase.Succeeded or PodPhase.Failed);

    /// <summary>
    /// The pod-deletion-cost annotation as the controller reads it (GetDeletionCostFromPodAnnotations): an int32
    /// without a plus sign or leading zeros; anything else counts as 0.
    /// </summary>
    public static int DeletionCost(PodState p)
    {
        if (!p.Annotations.TryGetValue(DeletionCostAnnotation, out var s) || s.Length == 0) return 0;
        bool validFirst = s[0] == '-' || s == "0" || s[0] is >= '1' and <= '9';
        return validFirst && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;
    }

    /// <summary>
    /// The colocation input: active pods per node name among <paramref name="related"/> (the ReplicaSet's pods and
    /// its siblings'); unassigned pods count under "".
    /// </summary>
    public static Dictionary<string, int> PodsPerNode(IEnumerable<PodState> related)
    {
        var perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in related)
        {
            if (!IsActive(p)) continue;
            var node = p.NodeName ?? "";
            perNode[node] = perNode.GetValueOrDefault(node) + 1;
        }
        return perNode;
    }

    /// <summary>
    /// Negative when <paramref name="a"/> goes before <paramref name="b"/>; <paramref name="colocatedA"/> and
    /// <paramref name="colocatedB"/> are the related pods on each one's node.
    /// </summary>
    public static int Compare(PodState a, int colocatedA, PodState b, int colocatedB, DateTimeOffset now)
    {
        bool unassignedA = string.IsNullOrEmpty(a.NodeName), unassignedB = string.IsNullOrEmpty(b.NodeName);
        if (unassignedA != unassignedB) return unassignedA ? -1 : 1;
        int c = PhaseOrdinal(a.Phase).CompareTo(PhaseOrdinal(b.Phase));
        if (c != 0) return c;
        bool readyA = IsReady(a), readyB = IsReady(b);
        if (readyA != readyB) return readyA ? 1 : -1;
        c = DeletionCost(a).CompareTo(DeletionCost(b));
        if (c != 0) return c;
        if (colocatedA != colocatedB) return colocatedB.CompareTo(colocatedA);
        if (readyA && readyB && a.Ready!.LastTransitionTime != b.Ready!.LastTransitionTime)
        {
            c = NewerFirst(a.Ready.LastTransitionTime, b.Ready.LastTransitionTime, a, b, now);
            if (c != 0) return c;
        }
        if (a.Restarts != b.Restarts) return b.Restarts.CompareTo(a.Restarts);
        if (a.CreationTimestamp != b.CreationTimestamp)
        {
            c = NewerFirst(a.CreationTimestamp, b.CreationTimestamp, a, b, now);
            if (c != 0) return c;
        }
        c = string.CompareOrdinal(a.Uid, b.Uid);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary><paramref name="pods"/> sorted first victim first, ranked by <paramref name="podsPerNode"/> (see <see cref="PodsPerNode"/>).</summary>
    public static PodState[] Order(IReadOnlyList<PodState> pods, IReadOnlyDictionary<string, int> podsPerNode, DateTimeOffset now)
    {
        var ranked = new (PodState Pod, int Colocated)[pods.Count];
        for (int i = 0; i < ranked.Length; i++) ranked[i] = (pods[i], podsPerNode.GetValueOrDefault(pods[i].NodeName ?? ""));
        Array.Sort(ranked, (x, y) => Compare(x.Pod, x.Colocated, y.Pod, y.Colocated, now));
        var ordered = new PodState[ranked.Length];
        for (int i = 0; i < ranked.Length; i++) ordered[i] = ranked[i].Pod;
        return ordered;
    }

    /// <summary>The first <paramref name="count"/> pods to delete, in order.</summary>
    public static IReadOnlyList<PodState> Victims(IReadOnlyList<PodState> pods, IReadOnlyDictionary<string, int> podsPerNode, int count, DateTimeOffset now)
    {
        if (count <= 0) return [];
        var ordered = Order(pods, podsPerNode, now);
        return count >= ordered.Length ? ordered : ordered[..count];
    }

    /// <summary>Pending 0, Unknown 1, Running 2; any other phase 0, as Go's map lookup returns for a missing key.</summary>
    private static int PhaseOrdinal(PodPhase phase) => phase switch
    {
        PodPhase.Unknown => 1,
        PodPhase.Running => 2,
        _ => 0,
    };

    /// <summary>
    /// Newer first, compared in log2 buckets of (now - t) in nanoseconds (logarithmicRankDiff); an unset time goes
    /// first (afterOrZero); inside one bucket by UID, and 0 when neither has one.
    /// </summary>
    private static int NewerFirst(DateTimeOffset? ta, DateTimeOffset? tb, PodState a, PodState b, DateTimeOffset now)
    {
        if (ta is null || tb is null) return ta is null ? -1 : 1;
        long diff = Bucket(now - ta.Value) - Bucket(now - tb.Value);
        if (diff != 0) return diff < 0 ? -1 : 1;
        return a.Uid is null || b.Uid is null ? 0 : string.CompareOrdinal(a.Uid, b.Uid);
    }

    private static long Bucket(TimeSpan age)
    {
        double nanos = age.Ticks * 100.0;
        return nanos > 0 ? (long)Math.Log2(nanos) : -1;
    }
}
