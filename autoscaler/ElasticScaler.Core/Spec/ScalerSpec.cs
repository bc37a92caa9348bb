namespace ElasticScaler.Core.Spec;

/// <summary>
/// <c>spec</c> of an ElasticScaler (autoscaling.elasticscaler.io/v1alpha1). Field names follow
/// autoscaling/v2 HPA wherever HPA has the concept, so the JSON of a real object binds to it directly
/// (camelCase, see <see cref="Serialization.CoreJson"/>).
/// </summary>
public sealed record ScalerSpec
{
    public required CrossVersionObjectReference ScaleTargetRef { get; init; }

    /// <summary>Lower bound; defaults to 1 as in HPA.</summary>
    public int? MinReplicas { get; init; }

    /// <summary>Upper bound; required.</summary>
    public int MaxReplicas { get; init; }

    /// <summary>Metrics, HPA v2 shape plus <c>Prometheus</c>. Empty means 80% average CPU utilization, as HPA.</summary>
    public IReadOnlyList<MetricSpec> Metrics { get; init; } = [];

    /// <summary>Scale-up/scale-down rules as HPA v2; null takes the legacy HPA path. Adds <c>panic</c>.</summary>
    public BehaviorSpec? Behavior { get; init; }

    /// <summary>Size held when metrics fail for <see cref="FallbackSpec.FailureThreshold"/> consecutive syncs.</summary>
    public FallbackSpec? Fallback { get; init; }

    /// <summary>Windows that raise the floor (and may raise the ceiling) on a schedule.</summary>
    public IReadOnlyList<ScheduleSpec> Schedules { get; init; } = [];

    /// <summary>Days on which no window opens: ISO dates (2026-10-01) or day-granularity cron expressions.</summary>
    public IReadOnlyList<string> ExcludeDates { get; init; } = [];

    /// <summary>Default IANA time zone for schedules and excluded dates; UTC when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Where replicas run: ECS nodes first, bursting to ECI.</summary>
    public PlacementSpec? Placement { get; init; }

    /// <summary>Decide and report, but write nothing to the target.</summary>
    public bool DryRun { get; init; }
}

/// <summary>Identifies the scaled object (HPA's CrossVersionObjectReference).</summary>
public sealed record CrossVersionObjectReference
{
    public string? ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
}
