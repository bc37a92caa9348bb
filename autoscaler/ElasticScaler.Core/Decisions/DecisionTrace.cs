using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Schedules;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// The results of one decision's steps, kept as they came out, and turned into <see cref="DecisionStep"/>s only
/// when someone reads <see cref="Decision.Steps"/> (status, events, <c>decide</c>).
/// </summary>
internal sealed record DecisionTrace(int SpecMin, int SpecMax, ScheduleEvaluation? Schedule, ScheduleBounds Bounds, int Current)
{
    public MetricsEvaluation? Metrics { get; init; }
    public BehaviorDecision? Behavior { get; init; }
    public PlacementPlan? Placement { get; init; }

    public List<DecisionStep> Steps()
    {
        var steps = new List<DecisionStep>(8);
        if (Schedule is { } schedule)
            steps.Add(new DecisionStep("schedules", StepValue.Bounds(SpecMin, SpecMax), StepValue.Bounds(Bounds.MinReplicas, Bounds.MaxReplicas), schedule.Reason,
                Bounds.CeilingRaisedToFloor ? schedule.Message + "; the ceiling was raised to the window's floor" : schedule.Message));
        if (Metrics is { } metrics)
        {
            // The metric step's message is the ScalingActive condition's when it says the same thing.
            var scalingActive = Behavior is null ? null : ScalerConditions.Find(Behavior.Conditions, ConditionTypes.ScalingActive);
            string message = metrics.ScalingActive
                ? scalingActive is { Reason: Reasons.ValidMetricFound } valid ? valid.Message : metrics.ScalingActiveMessage
                : metrics.Error ?? metrics.ScalingActiveMessage;
            steps.Add(new DecisionStep("metrics", StepValue.Of(Current), StepValue.Of(metrics.Replicas), metrics.ScalingActiveReason, message));
        }
        if (Behavior is { } b)
        {
            Add(steps, "range", b.RangeCheck);
            Add(steps, "fallback", b.Fallback);
            Add(steps, "stabilization", b.Stabilization);
            Add(steps, "limits", b.Limit);
            Add(steps, "panic", b.Panic);
        }
        if (Placement is { } p)
            steps.Add(new DecisionStep("placement", StepValue.Of(p.Desired), StepValue.Split(p.EcsReplicas, p.EciReplicas, p.Unplaced), p.Reason, p.Message));
        return steps;
    }

    private static void Add(List<DecisionStep> steps, string name, StepOutcome? outcome)
    {
        if (outcome is { } o) steps.Add(new DecisionStep(name, StepValue.Of(o.Input), StepValue.Of(o.Output), o.Reason, o.Message));
    }
}
