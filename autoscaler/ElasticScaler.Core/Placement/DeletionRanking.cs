using System.Globalization;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// Which pod of a pool goes first on scale-in, as the ReplicaSet controller ranks them (ActivePodsWithRanks):
/// unassigned before assigned; Pending before Unknown before Running; not ready before ready; lower
/// controller.kubernetes.io/pod-deletion-cost first; ready for a shorter time first; newer first; then by
/// name so the order is total.
/// </summary>
public sealed class DeletionRanking : IComparer<PodState>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static readonly DeletionRanking Instance = new();

    public int Compare(PodState? a, PodState? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return 1;
        if (b is null) return -1;
        int c = (a.NodeName is null ? 0 : 1).CompareTo(b.NodeName is null ? 0 : 1);
        if (c != 0) return c;
        c = PhaseRank(a.Phase).CompareTo(PhaseRank(b.Phase));
        if (c != 0) return c;
        c = IsReady(a).CompareTo(IsReady(b));
        if (c != 0) return c;
        c = Cost(a).CompareTo(Cost(b));
        if (c != 0) return c;
        if (IsReady(a) && IsReady(b))
        {
            c = Nullable.Compare(b.Ready?.LastTransitionTime, a.Ready?.LastTransitionTime);
            if (c != 0) return c;
        }
        c = Nullable.Compare(b.CreationTimestamp, a.CreationTimestamp);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    public static bool IsReady(PodState p) => p.Phase == PodPhase.Running && p.Ready is { Status: true };

    private static int PhaseRank(PodPhase phase) => phase switch
    {
        PodPhase.Pending => 0,
        PodPhase.Unknown => 1,
        PodPhase.Running => 2,
        _ => 3,
    };

    private static int Cost(PodState p) =>
        p.Annotations.TryGetValue(DeletionCostAnnotation, out var s) &&
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;
}
