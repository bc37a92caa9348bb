using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// The outcome of <see cref="BehaviorEngine.Decide"/>: the desired count, each step that ran with its input,
/// output and reason, the updated conditions and the new history. Steps that did not run are null.
/// </summary>
public sealed record BehaviorDecision
{
    public required int CurrentReplicas { get; init; }

    /// <summary>The replicas to write to the target's scale (equal to current when nothing changes).</summary>
    public required int DesiredReplicas { get; init; }

    /// <summary>Whether the scale needs a write.</summary>
    public bool Rescale => DesiredReplicas != CurrentReplicas;

    /// <summary>The reason token of the step that settled the count (see <see cref="Reasons"/>).</summary>
    public required string Reason { get; init; }

    /// <summary>That step's message.</summary>
    public required string Message { get; init; }

    /// <summary>HPA's rescale reason for the SuccessfulRescale event, e.g. "cpu resource utilization (percentage of request) above target", "All metrics below target".</summary>
    public string RescaleReason { get; init; } = "";

    /// <summary>The pre-metric check: the target at 0 (ScalingDisabled), or current above max / below min.</summary>
    public StepOutcome? RangeCheck { get; init; }

    /// <summary>Fallback: the proposal replaced by fallback.replicas (Input null: metrics failed).</summary>
    public StepOutcome? Fallback { get; init; }

    /// <summary>Stabilization over the recommendation history.</summary>
    public StepOutcome? Stabilization { get; init; }

    /// <summary>Rate policies and the [min, max] clamp (legacy: the 2x/4 scale-up limit and [min, max]).</summary>
    public StepOutcome? Limit { get; init; }

    /// <summary>Panic mode, when it changed the count (scale-up at once, or scale-in held).</summary>
    public StepOutcome? Panic { get; init; }

    /// <summary>status.conditions after this decision (AbleToScale's SucceededRescale is the controller's, after the write).</summary>
    public required ImmutableArray<ScalerCondition> Conditions { get; init; }

    /// <summary>The history for the next sync, assuming the scale write succeeds (it holds the new scale event).</summary>
    public required BehaviorHistory History { get; init; }

    /// <summary>The history for the next sync if the scale write fails: as <see cref="History"/> without the new scale event (HPA stores it only after a successful update).</summary>
    public required BehaviorHistory HistoryIfScaleFails { get; init; }
}

/// <summary>One step of the decision: the count before and after, the reason token and the message.</summary>
public readonly record struct StepOutcome(int? Input, int Output, string Reason, string Message);
