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
}
