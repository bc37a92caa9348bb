using System.Collections.Immutable;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// Everything the behavior step remembers between syncs, for one scaler: HPA's per-key maps (recommendations,
/// scaleUpEvents, scaleDownEvents) plus our panic state, the panic window's proposals and the fallback count.
/// Immutable: it goes into <see cref="BehaviorEngine.Decide"/> and a new one comes out, so a decision replays exactly
/// from a snapshot. Sizes stay bounded: as in HPA, a new recommendation reuses the slot of one older than every
/// stabilization window and a new scale event the slot of one older than the longest policy period; a panic
/// proposal older than the panic window drops out.
/// </summary>
public sealed record BehaviorHistory
{
    /// <summary>Unstabilized recommendations, oldest slot first (slots are reused, so not sorted by time).</summary>
    public ImmutableArray<TimestampedRecommendation> Recommendations { get; init; } = [];

    /// <summary>Scale-up events, stored only when spec.behavior is set (HPA stores none on the legacy path).</summary>
    public ImmutableArray<ScaleEvent> ScaleUpEvents { get; init; } = [];

    /// <summary>Scale-down events, stored only when spec.behavior is set.</summary>
    public ImmutableArray<ScaleEvent> ScaleDownEvents { get; init; } = [];

    /// <summary>Panic mode state; <see cref="PanicState.Calm"/> when not panicking.</summary>
    public PanicState Panic { get; init; } = PanicState.Calm;

    /// <summary>
    /// The metric proposals of the last <c>panic.window</c>, oldest first, whose average is the panic proposal
    /// (<see cref="Behavior.Panic.Record"/>); empty when panic mode is off. At most <see cref="Behavior.Panic.MaxProposals"/>.
    /// </summary>
    public ImmutableArray<TimestampedRecommendation> PanicProposals { get; init; } = [];

    /// <summary>Consecutive syncs whose metrics all failed (KEDA's NumberOfFailures); one success resets it to 0.</summary>
    public int ConsecutiveMetricFailures { get; init; }

    public static BehaviorHistory Empty { get; } = new();
}

/// <summary>
/// KPA's panic bookkeeping. <see cref="Since"/> is when this panic began; <see cref="LastCrossed"/> is the last
/// sync at which the panic threshold was reached (KPA's panicTime). Both null when calm.
/// </summary>
public readonly record struct PanicState(DateTimeOffset? Since, DateTimeOffset? LastCrossed)
{
    public static PanicState Calm => default;
    public bool IsPanicking => LastCrossed is not null;
}
