using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Limits;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Schedules;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// One decision, in design.md's order: check the spec; schedule windows raise the bounds; pause; on the metric
/// path the target's selector must be usable (HPA's InvalidSelector); metrics propose (HPA's formula, largest
/// proposal wins); behavior stabilizes and rate-limits, with fallback and panic; clamp to [min, max]; placement. Only chains the steps: each rule lives in its own folder. Pure: the same input, history and time
/// give the same decision, which is what makes <c>decide --snapshot</c> an exact replay.
/// </summary>
public static class DecisionPipeline
{
    public static Decision Decide(DecisionInput input, DecisionHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        history ??= DecisionHistory.Empty;
        // One spec: every path below reads input.Spec, and a prepared spec is only a cache of it.
        var spec = input.Spec;
        var prepared = input.Prepared ?? PreparedSpec.Prepare(spec, input.Settings);
        if (!ReferenceEquals(prepared.Spec, spec))
            throw new ArgumentException("input.Prepared: prepared from another ScalerSpec than input.Spec; pass PreparedSpec.Prepare(input.Spec, input.Settings), or no Prepared", nameof(input));
        if (prepared.Settings != input.Settings)
            throw new ArgumentException("input.Prepared: prepared with other ControllerSettings than input.Settings (its tolerance would not be this input's)", nameof(input));
        int current = input.SpecReplicas;
        int specMin = spec.MinReplicas ?? 1, specMax = spec.MaxReplicas;
        var conditions = input.Conditions.IsDefault ? [] : input.Conditions;

        if (!prepared.IsValid)
        {
            string message = "the spec is invalid: " + string.Join("; ", prepared.Errors);
            return Unchanged(input, history, now, specMin, specMax, [new DecisionStep("validate", StepValue.None, StepValue.None, Reasons.InvalidSpec, message)],
                ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, Reasons.InvalidSpec, message, now),
                prepared.Errors);
        }

        // Schedule windows are state derived from the clock: whatever was in force before a restart still is.
        var schedule = input.Kind == ScalerKind.ElasticScaler ? ScheduleEvaluator.Evaluate(prepared.Schedules, now) : ScheduleEvaluation.None;
        var bounds = schedule.Apply(specMin, specMax);
        var scheduleStep = prepared.Schedules.Count > 0 ? schedule : null;

        var (paused, pausedReplicas, pauseError) = PauseAnnotations.Read(input.Annotations);
        if (pauseError is not null)
        {
            return Unchanged(input, history, now, bounds.MinReplicas, bounds.MaxReplicas,
                [.. new DecisionTrace(specMin, specMax, scheduleStep, bounds, current).Steps(),
                    new DecisionStep("pause", StepValue.None, StepValue.None, Reasons.InvalidSpec, pauseError)],
                ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, Reasons.InvalidSpec, pauseError, now),
                [pauseError], schedule);
        }
        if (paused)
            return Paused(input, history, now, bounds, schedule, new DecisionTrace(specMin, specMax, scheduleStep, bounds, current), conditions, pausedReplicas);

        // HPA takes the target-at-0, above-max and below-min branches before reading any metric: no metric is
        // computed and status.currentMetrics stays empty (reconcileAutoscaler).
        bool inRange = ReplicaLimits.CheckCurrent(current, bounds.MinReplicas, bounds.MaxReplicas).Range == CurrentRange.InRange;
        // The selector is checked where HPA checks it: first thing on the metric path, so out of range still goes to the bound.
        if (inRange && TargetSelector.Problem(input.Selector) is { } selectorProblem)
            return InvalidSelector(input, history, now, bounds, schedule, new DecisionTrace(specMin, specMax, scheduleStep, bounds, current), conditions, selectorProblem);
        var metrics = !inRange ? null : MetricEvaluator.Evaluate(new MetricsInput
        {
            Spec = spec,
            SpecReplicas = current,
            StatusReplicas = input.StatusReplicas,
            Pods = input.Pods,
            PodMetrics = input.PodMetrics,
            PodMetricsError = input.PodMetricsError,
            Readings = input.Readings,
            Tolerance = prepared.Tolerance,
            Settings = input.Settings,
        }, now);

        var behavior = BehaviorEngine.Decide(new BehaviorInput
        {
            CurrentReplicas = current,
            Proposal = metrics?.Replicas,
            MetricName = metrics?.MetricName,
            ProposalUtilization = metrics?.Winner?.Status?.Current?.AverageUtilization,
            MetricsFailureReason = metrics is { Replicas: null } ? metrics.ScalingActiveReason : null,
            MetricsFailureMessage = metrics is { Replicas: null } ? metrics.Error : null,
            ReadyPods = CountReady(input.Pods),
            MinReplicas = bounds.MinReplicas,
            MaxReplicas = bounds.MaxReplicas,
            Behavior = spec.Behavior,
            Fallback = spec.Fallback,
            Settings = input.Settings,
            Conditions = conditions,
        }, history.Behavior, now);

        int desired = behavior.DesiredReplicas;
        bool rescale = desired != current && !spec.DryRun;

        PlacementPlan? placement = null;
        if (input.Kind == ScalerKind.ElasticScaler && spec.Placement is { } placementSpec)
        {
            placement = PlacementPlanner.Plan(new PlacementInput
            {
                Desired = desired,
                Pods = input.Pods,
                Nodes = input.Nodes,
                Template = TemplateOf(input),
                Spec = placementSpec,
                History = history.Placement,
                Now = now,
                DryRun = spec.DryRun,
                Declared = input.Declared,
            });
        }
        // Without a rescale both histories are the same; a steady sync reuses one object instead of building two.
        var ifFails = ReferenceEquals(behavior.HistoryIfScaleFails, history.Behavior) ? history : history with { Behavior = behavior.HistoryIfScaleFails };
        var placementHistory = placement?.History ?? history.Placement;
        var next = !rescale && ReferenceEquals(placementHistory, ifFails.Placement)
            ? ifFails
            : history with
            {
                Behavior = rescale ? behavior.History : behavior.HistoryIfScaleFails,
                Placement = placementHistory,
                LastScaleTime = rescale ? now : history.LastScaleTime,
            };
        return new Decision
        {
            Kind = input.Kind,
            Now = now,
            CurrentReplicas = current,
            DesiredReplicas = desired,
            DryRun = spec.DryRun,
            MinReplicas = bounds.MinReplicas,
            MaxReplicas = bounds.MaxReplicas,
            Trace = new DecisionTrace(specMin, specMax, scheduleStep, bounds, current) { Metrics = metrics, Behavior = behavior, Placement = placement },
            Conditions = behavior.Conditions,
            Metrics = metrics,
            ActiveSchedules = ActiveNames(schedule),
            NextScheduleTransition = schedule.NextTransition,
            RescaleReason = behavior.RescaleReason,
            Placement = placement,
            History = next,
            HistoryIfScaleFails = ifFails,
        };
    }

    private static Decision Paused(DecisionInput input, DecisionHistory history, DateTimeOffset now, ScheduleBounds bounds,
        ScheduleEvaluation schedule, DecisionTrace trace, ImmutableArray<ScalerCondition> conditions, int? pausedReplicas)
    {
        var spec = input.Spec;
        int current = input.SpecReplicas;
        int desired = current;
        string reason = Reasons.Paused, message;
        if (pausedReplicas is { } wanted)
        {
            // Never outside [min, max], even when paused: the bounds are the promise this object makes.
            desired = Math.Clamp(wanted, bounds.MinReplicas, bounds.MaxReplicas);
            reason = Reasons.PausedReplicas;
            message = desired == wanted
                ? $"paused at {desired} replicas by annotation {PauseAnnotations.PausedReplicas}"
                : $"paused: annotation {PauseAnnotations.PausedReplicas} asks for {wanted}, held at {desired} within [{bounds.MinReplicas}, {bounds.MaxReplicas}]";
        }
        else
        {
            message = $"paused at the current {current} replicas by annotation {PauseAnnotations.Paused}";
        }
        var steps = new List<DecisionStep>(trace.Steps()) { new("pause", StepValue.Of(current), StepValue.Of(desired), reason, message) };
        conditions = ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, reason, message, now);
        bool rescale = desired != current && !spec.DryRun;
        return new Decision
        {
            Kind = input.Kind,
            Now = now,
            CurrentReplicas = current,
            DesiredReplicas = desired,
            DryRun = spec.DryRun,
            MinReplicas = bounds.MinReplicas,
            MaxReplicas = bounds.MaxReplicas,
            Steps = steps,
            Conditions = conditions,
            ActiveSchedules = ActiveNames(schedule),
            NextScheduleTransition = schedule.NextTransition,
            RescaleReason = message,
            History = rescale ? history with { LastScaleTime = now } : history,
            HistoryIfScaleFails = history,
        };
    }

    /// <summary>
    /// HPA when computeReplicasForMetrics fails on the selector: AbleToScale stays at SucceededGetScale, ScalingActive
    /// says why, no metric is read and nothing scales; only the initial recommendation is recorded, as HPA records it
    /// before any branch.
    /// </summary>
    private static Decision InvalidSelector(DecisionInput input, DecisionHistory history, DateTimeOffset now, ScheduleBounds bounds,
        ScheduleEvaluation schedule, DecisionTrace trace, ImmutableArray<ScalerCondition> conditions, (string ConditionMessage, string Error) problem)
    {
        int current = input.SpecReplicas;
        var recommendations = Stabilization.RecordInitial(history.Behavior.Recommendations, current, now);
        var kept = recommendations == history.Behavior.Recommendations ? history : history with { Behavior = history.Behavior with { Recommendations = recommendations } };
        conditions = BehaviorEngine.SucceededGetScale(conditions, now);
        conditions = ScalerConditions.Set(conditions, ConditionTypes.ScalingActive, ConditionStatus.False, Reasons.InvalidSelector, problem.ConditionMessage, now);
        return Unchanged(input, kept, now, bounds.MinReplicas, bounds.MaxReplicas,
            [.. trace.Steps(), new DecisionStep("selector", StepValue.Of(current), StepValue.Of(current), Reasons.InvalidSelector, problem.Error)],
            conditions, [], schedule);
    }

    private static Decision Unchanged(DecisionInput input, DecisionHistory history, DateTimeOffset now, int min, int max,
        IReadOnlyList<DecisionStep> steps, ImmutableArray<ScalerCondition> conditions, IReadOnlyList<string> errors, ScheduleEvaluation? schedule = null) => new()
    {
        Kind = input.Kind,
        Now = now,
        CurrentReplicas = input.SpecReplicas,
        DesiredReplicas = input.SpecReplicas,
        DryRun = input.Spec.DryRun,
        MinReplicas = min,
        MaxReplicas = max,
        Steps = steps,
        Conditions = conditions,
        SpecErrors = errors,
        ActiveSchedules = schedule is null ? [] : ActiveNames(schedule),
        NextScheduleTransition = schedule?.NextTransition,
        History = history,
        HistoryIfScaleFails = history,
    };

    private static IReadOnlyList<string> ActiveNames(ScheduleEvaluation schedule)
    {
        if (schedule.Active.Count == 0) return [];
        var names = new string[schedule.Active.Count];
        for (int i = 0; i < names.Length; i++) names[i] = schedule.Active[i].Name;
        return names;
    }

    /// <summary>What a new pod asks of a node: the target's pod template, else the first pod's spec.</summary>
    private static PodTemplateRequirements TemplateOf(DecisionInput input) =>
        input.Template ?? (input.Pods.Count > 0 ? PodTemplateRequirements.FromPod(input.Pods[0]) : PodTemplateRequirements.None);

    /// <summary>Pods Running with Ready=True and not being deleted: the denominator of panic's threshold.</summary>
    private static int CountReady(IReadOnlyList<PodState> pods)
    {
        int ready = 0;
        for (int i = 0; i < pods.Count; i++)
        {
            var p = pods[i];
            if (p.Phase == PodPhase.Running && p.DeletionTimestamp is null && p.Ready is { Status: true }) ready++;
        }
        return ready;
    }
}
