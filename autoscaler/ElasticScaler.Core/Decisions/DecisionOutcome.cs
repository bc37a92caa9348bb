using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// What a decision leaves once the controller acted on it: the status conditions to write, the history for the
/// next decision, whether the target was rescaled, and the event to record (null when there is none).
/// </summary>
public sealed record AppliedDecision(ImmutableArray<ScalerCondition> Conditions, DecisionHistory History, bool Rescaled)
{
    /// <summary><see cref="Reasons.SuccessfulRescale"/> (Normal) or <see cref="Reasons.FailedRescale"/> (Warning); null without a write.</summary>
    public string? EventReason { get; init; }

    /// <summary>HPA's event text: "New size: 40 (ECS 30, ECI 10); reason: ...", with "; error: ..." when the write failed.</summary>
    public string? EventMessage { get; init; }
}

/// <summary>
/// The part of HPA's reconcileAutoscaler that follows the scale write, which the decision itself cannot know: the
/// write may fail. On success AbleToScale becomes True SucceededRescale and the history keeps the new scale event;
/// on failure AbleToScale becomes False FailedUpdateScale and the history is the one without it (HPA stores the
/// event only after a successful update). The time is the decision's own <see cref="Decision.Now"/>.
/// </summary>
/// <example>
/// <code>
/// var decision = DecisionPipeline.Decide(input, history, now);
/// AppliedDecision outcome;
/// try { if (decision.Rescale) await WriteScaleAsync(decision.DesiredReplicas); outcome = DecisionOutcome.Applied(decision); }
/// catch (HttpOperationException e) { outcome = DecisionOutcome.Failed(decision, e.Message); }
/// history = outcome.History;   // and write outcome.Conditions to the status if they changed
/// </code>
/// </example>
public static class DecisionOutcome
{
    /// <summary>After the controller's writes succeeded (or nothing needed writing).</summary>
    public static AppliedDecision Applied(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.Rescale) return new AppliedDecision(decision.Conditions, decision.History, Rescaled: false);
        // HPA: setCondition(AbleToScale, True, "SucceededRescale", ...) once Scales().Update returned.
        var conditions = ScalerConditions.Set(decision.Conditions, ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.SucceededRescale,
            $"the HPA controller was able to update the target scale to {decision.DesiredReplicas}", decision.Now);
        return new AppliedDecision(conditions, decision.History, Rescaled: true)
        {
            EventReason = Reasons.SuccessfulRescale,
            EventMessage = decision.EventMessage,
        };
    }

    /// <summary>After the scale write failed with the API's message.</summary>
    /// <exception cref="ArgumentException">The decision asked for no scale write and has no placement plan, so no write can have failed.</exception>
    public static AppliedDecision Failed(Decision decision, string error)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(error);
        // With a twin a plan may move replicas between pools at a steady total: those writes can fail too.
        if (!decision.Rescale && decision.Placement is null)
            throw new ArgumentException(
                $"decision: desired {decision.DesiredReplicas}, current {decision.CurrentReplicas}{(decision.DryRun ? ", dry run" : "")}: asks for no scale write, so none can have failed; use Applied",
                nameof(decision));
        var conditions = ScalerConditions.Set(decision.Conditions, ConditionTypes.AbleToScale, ConditionStatus.False, Reasons.FailedUpdateScale,
            $"the HPA controller was unable to update the target scale: {error}", decision.Now);
        return new AppliedDecision(conditions, decision.HistoryIfScaleFails, Rescaled: false)
        {
            EventReason = Reasons.FailedRescale,
            EventMessage = $"{decision.EventMessage}; error: {error}",
        };
    }
}
