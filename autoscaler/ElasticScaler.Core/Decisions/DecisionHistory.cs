using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Placement;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// What the engine remembers between decisions for one scaler. Immutable: it goes into
/// <see cref="DecisionPipeline.Decide"/> and a new one comes out, so a decision replays exactly from a snapshot.
/// </summary>
public sealed record DecisionHistory
{
    public BehaviorHistory Behavior { get; init; } = BehaviorHistory.Empty;
    public PlacementHistory Placement { get; init; } = PlacementHistory.Empty;
    public DateTimeOffset? LastScaleTime { get; init; }

    public static DecisionHistory Empty { get; } = new();

    /// <summary>
    /// The history a controller starts from when it has none for a scaler (its first sync after a start or a
    /// leader change): the current size counts as recommended now, so a scale-down waits a whole stabilization
    /// window instead of acting on the first low reading. HPA starts empty and may shrink at once after a restart;
    /// a new leader must not.
    /// </summary>
    public static DecisionHistory Resumed(int currentReplicas, DateTimeOffset now, DateTimeOffset? lastScaleTime) => new()
    {
        Behavior = BehaviorHistory.Empty with { Recommendations = [new TimestampedRecommendation(now, currentReplicas)] },
        LastScaleTime = lastScaleTime,
    };
}
