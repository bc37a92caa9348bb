using System.Collections.Immutable;
using System.Globalization;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Limits;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// What HPA's reconcileAutoscaler does after the metric proposal, as one pure function, plus our fallback and
/// panic steps. Order: record the initial recommendation; the pre-metric range checks; fallback (when metrics
/// failed); stabilization; rate policies and [min, max]; panic; the scale event.
/// </summary>
public static class BehaviorEngine
{
    private const string UnableToComputePrefix = "the HPA was unable to compute the replica count: ";
    private const string ValidMetricPrefix = "the HPA was able to successfully calculate a replica count from ";
    private const string NoFallbackMessage = "no fallback is active: metrics are being computed";
    private const string CalmMessage = "not panicking: the panic window's average proposal is below the threshold times the ready pods";
    private const string SucceededGetScaleMessage = "the HPA controller was able to get the target's current scale";

    /// <summary>
    /// Decides the desired replica count for one sync. Pure: the same input, history and time give the same decision.
    /// </summary>
    /// <example>
    /// <code>
    /// var d = BehaviorEngine.Decide(new BehaviorInput
    /// {
    ///     CurrentReplicas = 10, Proposal = 50, ReadyPods = 10, MinReplicas = 1, MaxReplicas = 100,
    ///     Behavior = new BehaviorSpec(),
    /// }, BehaviorHistory.Empty, now);
    /// // d.DesiredReplicas == 20: the default scale-up policies allow max(+4 pods, +100%) per 15 s.
    /// </code>
    /// </example>
    public static BehaviorDecision Decide(BehaviorInput input, BehaviorHistory history, DateTimeOffset now)
    {
        Validate(input);
        history ??= BehaviorHistory.Empty;
        int current = input.CurrentReplicas, min = input.MinReplicas, max = input.MaxReplicas;
        var conditions = input.Conditions.IsDefault ? [] : input.Conditions;
        var recommendations = Stabilization.RecordInitial(history.Recommendations, current, now);

        var check = ReplicaLimits.CheckCurrent(current, min, max);
        if (check.Range != CurrentRange.InRange)
            conditions = SucceededGetScale(conditions, now);
        if (check.Range == CurrentRange.ScalingDisabled)
        {
            conditions = ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, check.Reason, check.Message, now);
            var kept = Keep(history, recommendations);
            return new BehaviorDecision
            {
                CurrentReplicas = current, DesiredReplicas = current, Reason = check.Reason, Message = check.Message,
                RangeCheck = new StepOutcome(current, current, check.Reason, check.Message),
                Conditions = conditions, History = kept, HistoryIfScaleFails = kept,
            };
        }
        if (check.Range != CurrentRange.InRange)
        {
            // HPA goes straight to the bound without reading metrics; the rescale still counts as a scale event.
            var kept = Keep(history, recommendations);
            return new BehaviorDecision
            {
                CurrentReplicas = current, DesiredReplicas = check.Replicas, Reason = check.Reason, Message = check.Message,
                RescaleReason = check.Message,
                RangeCheck = new StepOutcome(current, check.Replicas, check.Reason, check.Message),
                Conditions = conditions, History = WithScaleEvent(kept, input, current, check.Replicas, now), HistoryIfScaleFails = kept,
            };
        }

        return DecideFromMetrics(input, history, recommendations, conditions, now);
    }

    private static BehaviorDecision DecideFromMetrics(
        BehaviorInput input, BehaviorHistory history, ImmutableArray<TimestampedRecommendation> recommendations,
        ImmutableArray<ScalerCondition> conditions, DateTimeOffset now)
    {
        int current = input.CurrentReplicas, min = input.MinReplicas, max = input.MaxReplicas;
        var behavior = input.Behavior;
        var fallbackSpec = input.Fallback;

        int failures = Behavior.Fallback.CountFailures(history.ConsecutiveMetricFailures, input.MetricsFailed);
        bool fallbackActive = Behavior.Fallback.IsActive(fallbackSpec, failures);

        var panicSettings = behavior is null ? PanicSettings.Disabled : PanicSettings.From(behavior.Panic);
        // The panic proposal is the average of the panic window's metric proposals, this sync's included. No
        // proposal, no panic signal: a failed sync records nothing and counts as not crossed, even while fallback
        // is active. With panic off nothing is kept, so turning it on starts from this sync.
        var panicProposals = panicSettings.Enabled
            ? Behavior.Panic.Record(history.PanicProposals, input.Proposal, panicSettings.Window, now)
            : [];
        double? panicProposal = input.MetricsFailed ? null : Behavior.Panic.Average(panicProposals);
        bool saturated = !input.MetricsFailed && Behavior.Panic.IsSaturated(panicSettings, input.ProposalUtilization);
        var panic = panicSettings.Enabled
            ? Behavior.Panic.Advance(history.Panic, panicSettings, panicProposal, input.ReadyPods, now, saturated)
            : PanicState.Calm;

        if (input.MetricsFailed && !fallbackActive)
        {
            // HPA returns before normalization: no recommendation, no change; only ScalingActive says why.
            string reason = input.MetricsFailureReason ?? Reasons.FailedComputeMetricsReplicas;
            string message = UnableToComputePrefix + (input.MetricsFailureMessage ?? "no metric could be computed");
            // HPA: AbleToScale stays at SucceededGetScale, set right after reading the scale.
            conditions = SucceededGetScale(conditions, now);
            conditions = ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, reason, message, now);
            conditions = SetFallbackCondition(conditions, fallbackSpec, fallbackActive, failures, now);
            conditions = SetPanicCondition(conditions, panicSettings, panic, panicProposal: null, input.ReadyPods, now);
            var kept = history with { Recommendations = recommendations, ConsecutiveMetricFailures = failures, Panic = panic, PanicProposals = panicProposals };
            return new BehaviorDecision
            {
                CurrentReplicas = current, DesiredReplicas = current, Reason = reason, Message = message,
                Conditions = conditions, History = kept, HistoryIfScaleFails = kept,
            };
        }

        int proposal;
        StepOutcome? fallbackStep = null;
        string rescaleReason;
        if (fallbackActive)
        {
            proposal = fallbackSpec!.Replicas;
            string message = $"metrics failed for {failures} consecutive syncs: fallback.replicas {proposal} replaces the proposal";
            fallbackStep = new StepOutcome(null, proposal, Reasons.FallbackActive, message);
            rescaleReason = message;
        }
        else
        {
            proposal = input.Proposal!.Value;
            string metric = input.MetricName ?? "metrics";
            rescaleReason = proposal > current ? metric + " above target" : proposal < current ? "All metrics below target" : "";
        }

        StabilizedRecommendation stabilized;
        LimitedReplicas limited;
        if (behavior is null)
        {
            stabilized = Stabilization.Legacy(proposal, recommendations, input.Settings.DownscaleStabilization, now);
            limited = ReplicaLimits.WithRules(current, stabilized.Replicas, min, max);
        }
        else
        {
            var up = BehaviorDefaults.ResolveScaleUp(behavior.ScaleUp);
            var down = BehaviorDefaults.ResolveScaleDown(behavior.ScaleDown, input.Settings);
            stabilized = Stabilization.WithBehavior(current, proposal, up.StabilizationWindowSeconds, down.StabilizationWindowSeconds, recommendations, now);
            limited = RatePolicies.Apply(current, stabilized.Replicas, min, max, up, down, history.ScaleUpEvents, history.ScaleDownEvents, now);
        }
        // Set in HPA's order, so a new list reads AbleToScale, ScalingActive, ScalingLimited.
        conditions = ScalerConditions.Set(conditions, ConditionTypes.AbleToScale, ConditionStatus.True, stabilized.Reason, stabilized.Message, now);
        conditions = fallbackStep is { } fb
            ? ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.FallbackActive, fb.Message, now)
            : SetValidMetric(conditions, input.MetricName ?? "metrics", now);
        conditions = ScalerConditions.Set(conditions, ConditionTypes.ScalingLimited,
            limited.Replicas == stabilized.Replicas ? ConditionStatus.False : ConditionStatus.True, limited.Reason, limited.Message, now);

        int desired = limited.Replicas;
        string finalReason = limited.Replicas != stabilized.Replicas || stabilized.Replicas == proposal ? limited.Reason : stabilized.Reason;
        string finalMessage = limited.Replicas != stabilized.Replicas || stabilized.Replicas == proposal ? limited.Message : stabilized.Message;

        StepOutcome? panicStep = null;
        if (panic.IsPanicking)
        {
            int target = Behavior.Panic.Target(current, proposal, panicProposal, max);
            // A saturated reading only says the load is above what it shows: go as far as the scale-up policies allow.
            int ceiling = saturated && !fallbackActive
                ? RatePolicies.Apply(current, max, min, max, BehaviorDefaults.ResolveScaleUp(behavior!.ScaleUp),
                    BehaviorDefaults.ResolveScaleDown(behavior.ScaleDown, input.Settings), history.ScaleUpEvents, history.ScaleDownEvents, now).Replicas
                : 0;
            bool saturatedStep = ceiling > target;
            if (saturatedStep) target = ceiling;
            if (target != desired)
            {
                string message = target == current
                    ? $"panic mode: scale-in held at {current} while panicking"
                    : saturatedStep
                        ? $"panic mode: {input.ProposalUtilization}% utilization is saturated (at least {panicSettings.SaturationUtilization}%): scaling to {target} at once, the most the scale-up policies allow"
                        : $"panic mode: scaling to {target} at once, past stabilization and rate limits";
                panicStep = new StepOutcome(desired, target, Reasons.PanicMode, message);
                desired = target;
                (finalReason, finalMessage) = (Reasons.PanicMode, message);
                conditions = ScalerConditions.Set(conditions, ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.PanicMode, message, now);
                bool capped = Math.Max(proposal, Behavior.Panic.Replicas(panicProposal)) > max || (saturatedStep && target == max);
                conditions = capped
                    ? ScalerConditions.Set(conditions, ConditionTypes.ScalingLimited, ConditionStatus.True, Reasons.TooManyReplicas, ReplicaLimits.TooManyReplicasMessage, now)
                    : ScalerConditions.Set(conditions, ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.DesiredWithinRange, ReplicaLimits.DesiredWithinRangeMessage, now);
            }
        }
        conditions = SetFallbackCondition(conditions, fallbackSpec, fallbackActive, failures, now);
        conditions = SetPanicCondition(conditions, panicSettings, panic, panicProposal, input.ReadyPods, now, saturated ? input.ProposalUtilization : null);

        var next = history with
        {
            Recommendations = stabilized.Recommendations,
            ConsecutiveMetricFailures = failures,
            Panic = panic,
            PanicProposals = panicProposals,
        };
        return new BehaviorDecision
        {
            CurrentReplicas = current,
            DesiredReplicas = desired,
            Reason = finalReason,
            Message = finalMessage,
            RescaleReason = rescaleReason,
            Fallback = fallbackStep,
            Stabilization = new StepOutcome(proposal, stabilized.Replicas, stabilized.Reason, stabilized.Message),
            Limit = new StepOutcome(stabilized.Replicas, limited.Replicas, limited.Reason, limited.Message),
            Panic = panicStep,
            Conditions = conditions,
            History = WithScaleEvent(next, input, current, desired, now),
            HistoryIfScaleFails = next,
        };
    }

    /// <summary>HPA's storeScaleEvent after a rescale: nothing on the legacy path, else one event in the direction moved.</summary>
    private static BehaviorHistory WithScaleEvent(BehaviorHistory history, BehaviorInput input, int previous, int desired, DateTimeOffset now)
    {
        if (input.Behavior is not { } behavior || desired == previous) return history;
        if (desired > previous)
        {
            var up = BehaviorDefaults.ResolveScaleUp(behavior.ScaleUp);
            return history with { ScaleUpEvents = ScaleEvents.Store(history.ScaleUpEvents, up.LongestPolicyPeriodSeconds, desired - previous, now) };
        }
        var down = BehaviorDefaults.ResolveScaleDown(behavior.ScaleDown, input.Settings);
        return history with { ScaleDownEvents = ScaleEvents.Store(history.ScaleDownEvents, down.LongestPolicyPeriodSeconds, previous - desired, now) };
    }

    private static BehaviorHistory Keep(BehaviorHistory history, ImmutableArray<TimestampedRecommendation> recommendations) =>
        recommendations == history.Recommendations ? history : history with { Recommendations = recommendations };

    private static ImmutableArray<ScalerCondition> SetValidMetric(ImmutableArray<ScalerCondition> conditions, string metric, DateTimeOffset now)
    {
        // Steady state: the same metric as last sync, so skip building an equal message.
        var existing = ScalerConditions.Find(conditions, ConditionTypes.ScalingActive);
        if (existing is { Status: ConditionStatus.True, Reason: Reasons.ValidMetricFound } e
            && e.Message.Length == ValidMetricPrefix.Length + metric.Length
            && e.Message.StartsWith(ValidMetricPrefix, StringComparison.Ordinal)
            && e.Message.EndsWith(metric, StringComparison.Ordinal))
            return conditions;
        return ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.ValidMetricFound, ValidMetricPrefix + metric, now);
    }

    /// <summary>AbleToScale True SucceededGetScale, as HPA sets it right after reading the scale, before any branch.</summary>
    internal static ImmutableArray<ScalerCondition> SucceededGetScale(ImmutableArray<ScalerCondition> conditions, DateTimeOffset now) =>
        ScalerConditions.Set(conditions, ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.SucceededGetScale, SucceededGetScaleMessage, now);

    private static ImmutableArray<ScalerCondition> SetFallbackCondition(
        ImmutableArray<ScalerCondition> conditions, FallbackSpec? spec, bool active, int failures, DateTimeOffset now)
    {
        if (spec is null) return conditions;
        if (active)
            return ScalerConditions.Set(conditions, ConditionTypes.Fallback, ConditionStatus.True, Reasons.FallbackActive,
                $"metrics failed for {failures} consecutive syncs, more than failureThreshold {spec.FailureThreshold}: scaling on fallback.replicas {spec.Replicas}", now);
        return ScalerConditions.Set(conditions, ConditionTypes.Fallback, ConditionStatus.False, Reasons.NoFallbackFound,
            failures == 0 ? NoFallbackMessage : $"metrics failed for {failures} consecutive syncs; fallback starts after more than {spec.FailureThreshold}", now);
    }

    private static ImmutableArray<ScalerCondition> SetPanicCondition(
        ImmutableArray<ScalerCondition> conditions, PanicSettings settings, PanicState panic, double? panicProposal, int readyPods,
        DateTimeOffset now, int? saturatedUtilization = null)
    {
        if (!settings.Enabled) return conditions;
        if (!panic.IsPanicking)
            return ScalerConditions.Set(conditions, ConditionTypes.Panic, ConditionStatus.False, Reasons.StableMode, CalmMessage, now);
        string message = saturatedUtilization is { } u
            ? $"panicking since {panic.Since:O}: the metric reads {u}% utilization, at or above saturationUtilization {settings.SaturationUtilization}%"
            : Behavior.Panic.IsOverThreshold(settings, panicProposal, readyPods)
            ? string.Create(CultureInfo.InvariantCulture,
                $"panicking since {panic.Since:O}: the average proposal over the last {settings.Window.TotalSeconds} s, {panicProposal:0.##}, is at least {settings.Threshold} x {Math.Max(1, readyPods)} ready pods")
            : $"panicking since {panic.Since:O}: below the threshold since {panic.LastCrossed:O}, ends after {settings.StableWindow.TotalSeconds} s below it";
        return ScalerConditions.Set(conditions, ConditionTypes.Panic, ConditionStatus.True, Reasons.PanicMode, message, now);
    }

    private static void Validate(BehaviorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.CurrentReplicas < 0)
            throw new ArgumentException($"currentReplicas: {input.CurrentReplicas}: must be 0 or more (scale.spec.replicas)", nameof(input));
        if (input.MinReplicas < 0)
            throw new ArgumentException($"minReplicas: {input.MinReplicas}: must be 0 or more", nameof(input));
        if (input.MaxReplicas < input.MinReplicas)
            throw new ArgumentException($"maxReplicas: {input.MaxReplicas}: must not be below minReplicas ({input.MinReplicas}); pass the effective bounds after schedule windows", nameof(input));
        if (input.Proposal is < 0)
            throw new ArgumentException($"proposal: {input.Proposal}: must be 0 or more; pass null when metrics failed", nameof(input));
    }
}
