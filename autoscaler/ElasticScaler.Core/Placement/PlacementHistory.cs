using System.Collections.Immutable;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// What placement remembers between decisions; immutable, passed in and returned, so a decision is a pure
/// function and can be replayed from a snapshot.
/// </summary>
public sealed record PlacementHistory
{
    public static readonly PlacementHistory Empty = new();

    /// <summary>ECI creations of the last minute, for the per-minute limit (older entries are dropped).</summary>
    public ImmutableArray<EciCreation> EciCreations { get; init; } = [];

    /// <summary>Since when ECS has had room while ECI replicas ran; null when it has not.</summary>
    public DateTimeOffset? EcsRoomSince { get; init; }

    /// <summary>
    /// When ECS pods last sat unschedulable past the timeout (and went to ECI): Fixed and Ratio, which do not consult
    /// ECS room, make no new ECS pods after it until ECS has room or drainBack.afterSeconds have passed. Without it
    /// the replaced pod's going would let them ask ECS again at the next sync, and a full ECS would cycle a pod
    /// between the pools every timeout. Null when no such hold is on.
    /// </summary>
    public DateTimeOffset? EcsUnschedulableAt { get; init; }

    /// <summary>Since when each unschedulable ECS pod (by name) has been pending.</summary>
    public ImmutableDictionary<string, DateTimeOffset> PendingSince { get; init; } =
        ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal);
}

/// <summary><paramref name="Count"/> ECI pods asked for at <paramref name="At"/>.</summary>
public readonly record struct EciCreation(DateTimeOffset At, int Count);
