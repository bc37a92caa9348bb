using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace ElasticScaler.Core.Behavior;

/// <summary>HPA's bookkeeping of scale events for the rate policies (storeScaleEvent, markScaleEventsOutdated, getReplicasChangePerPeriod).</summary>
public static class ScaleEvents
{
    /// <summary>
    /// HPA's getReplicasChangePerPeriod: the replicas changed by events strictly newer than now - period.
    /// The outdated flag does not matter here: an outdated event is older than every period anyway.
    /// </summary>
    public static int ChangeInPeriod(int periodSeconds, ImmutableArray<ScaleEvent> events, DateTimeOffset now)
    {
        if (events.IsDefaultOrEmpty) return 0;
        var cutoff = now.AddSeconds(-periodSeconds);
        int replicas = 0;
        foreach (var e in events)
            if (e.Timestamp > cutoff) replicas += e.ReplicaChange;
        return replicas;
    }

    /// <summary>
    /// HPA's storeScaleEvent for one direction: first mark every event older than the longest policy period as
    /// outdated (markScaleEventsOutdated), then put the new event into the slot of the last outdated one, or append
    /// it. Outdated events that are not reused stay in the list, flagged, as in HPA.
    /// </summary>
    public static ImmutableArray<ScaleEvent> Store(
        ImmutableArray<ScaleEvent> events, int longestPolicyPeriodSeconds, int replicaChange, DateTimeOffset now)
    {
        if (events.IsDefault) events = [];
        var cutoff = now.AddSeconds(-longestPolicyPeriodSeconds);
        int reuse = -1;
        for (int i = 0; i < events.Length; i++)
            if (events[i].Outdated || events[i].Timestamp < cutoff) reuse = i;

        var copy = new ScaleEvent[reuse >= 0 ? events.Length : events.Length + 1];
        for (int i = 0; i < events.Length; i++)
        {
            var e = events[i];
            copy[i] = e.Timestamp < cutoff && !e.Outdated ? e with { Outdated = true } : e;
        }
        copy[reuse >= 0 ? reuse : events.Length] = new ScaleEvent(now, replicaChange, outdated: false);
        return ImmutableCollectionsMarshal.AsImmutableArray(copy);
    }
}
