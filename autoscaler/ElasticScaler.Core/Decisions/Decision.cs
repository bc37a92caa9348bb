using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Replicas;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// The answer of one decision: the replicas to run, every step's input, output and reason, the conditions and
/// status to report, the event to record, and the history for the next decision.
/// </summary>
public sealed record Decision
{
    public required ScalerKind Kind { get; init; }
    public required DateTimeOffset Now { get; init; }
    /// <summary>scale.spec.replicas before the decision.</summary>
    public required int CurrentReplicas { get; init; }
    /// <summary>The replicas to write (equal to current when nothing changes).</summary>
    public required int DesiredReplicas { get; init; }
    /// <summary>Whether the target's scale needs a write (false in dry-run and pause).</summary>
    public bool Rescale => DesiredReplicas != CurrentReplicas && !DryRun;
    /// <summary>spec.dryRun: the decision is reported, nothing is written.</summary>
    public bool DryRun { get; init; }
    /// <summary>The effective bounds after schedule windows.</summary>
    public required int MinReplicas { get; init; }
    public required int MaxReplicas { get; init; }
    /// <summary>Where the desired replicas run (ECS first, ECI burst) and what to create or delete; null without spec.placement.</summary>
    public PlacementPlan? Placement { get; init; }
    private IReadOnlyList<DecisionStep>? _steps;

    /// <summary>Each step in design.md's order, with what went in, what came out, and why. Built when first read,
    /// from the steps' own results, so a sync that nobody explains pays nothing for it.</summary>
    public IReadOnlyList<DecisionStep> Steps
    {
        get => _steps ??= Trace?.Steps() ?? [];
        init => _steps = value;
    }

    /// <summary>The steps' results the explanation is built from.</summary>
    internal DecisionTrace? Trace { get; init; }
    public required ImmutableArray<ScalerCondition> Conditions { get; init; }
    /// <summary>The metric step's full answer (every metric's result), or null when it did not run.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MetricsEvaluation? Metrics { get; init; }
    /// <summary>status.currentMetrics, one per metric (null where the metric failed).</summary>
    public IEnumerable<MetricStatus?> CurrentMetrics => Metrics?.CurrentMetrics ?? [];
    public IReadOnlyList<string> ActiveSchedules { get; init; } = [];
    public DateTimeOffset? NextScheduleTransition { get; init; }
    /// <summary>Problems with the spec ("path: value: why"); when any, nothing else ran.</summary>
    public IReadOnlyList<string> SpecErrors { get; init; } = [];
    /// <summary>HPA's rescale reason ("cpu resource utilization (percentage of request) above target", ...).</summary>
    public string RescaleReason { get; init; } = "";
    /// <summary>History for the next decision once the scale write succeeded.</summary>
    public required DecisionHistory History { get; init; }
    /// <summary>History for the next decision if the scale write failed.</summary>
    public required DecisionHistory HistoryIfScaleFails { get; init; }

    /// <summary>The Normal event for a rescale: "New size: 40 (ECS 30, ECI 10); reason: cpu resource utilization (percentage of request) above target".</summary>
    public string EventMessage => Placement is { } p
        ? $"New size: {DesiredReplicas} (ECS {p.EcsReplicas}, ECI {p.EciReplicas}); reason: {RescaleReason}"
        : $"New size: {DesiredReplicas}; reason: {RescaleReason}";
}

/// <summary>One step of a decision.</summary>
/// <param name="Name">validate, schedules, pause, selector, metrics, range, fallback, stabilization, limits, panic, placement.</param>
/// <param name="Input">What went in: the replicas (or bounds) before the step.</param>
/// <param name="Output">What came out.</param>
/// <param name="Reason">A token from <see cref="Reasons"/>.</param>
/// <param name="Message">A lowercase sentence.</param>
public sealed record DecisionStep(string Name, StepValue Input, StepValue Output, string Reason, string Message);

/// <summary>
/// What goes into or comes out of a step: a replica count, [min, max] bounds, an ECS/ECI split, or nothing.
/// A value, not text, so a decision costs no formatting until someone reads it.
/// </summary>
public readonly record struct StepValue(int? Replicas = null, int? Min = null, int? Max = null, int? Ecs = null, int? Eci = null, int? Unplaced = null)
{
    public static StepValue None => default;
    public static StepValue Of(int? replicas) => new(Replicas: replicas);
    public static StepValue Bounds(int min, int max) => new(Min: min, Max: max);
    public static StepValue Split(int ecs, int eci, int unplaced) => new(Ecs: ecs, Eci: eci, Unplaced: unplaced);

    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (Ecs is { } ecs) return Unplaced is > 0 ? string.Create(inv, $"ECS {ecs}, ECI {Eci}, {Unplaced} unplaced") : string.Create(inv, $"ECS {ecs}, ECI {Eci}");
        if (Min is { } min) return string.Create(inv, $"[{min}, {Max}]");
        if (Replicas is { } r) return string.Create(inv, $"{r} replicas");
        return "none";
    }
}
