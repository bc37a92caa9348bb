namespace ElasticScaler.Core.Spec;

public enum PlacementStrategy { EcsFirst, Ratio, Fixed }

/// <summary>Where replicas run: ECS (own nodes) first, ECI (virtual node) for the burst.</summary>
public sealed record PlacementSpec
{
    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.EcsFirst;
    public EcsPoolSpec? Ecs { get; init; }
    public EciPoolSpec? Eci { get; init; }
    /// <summary>For Ratio: the ECS:ECI weights, e.g. {ecs: 70, eci: 30}.</summary>
    public RatioSpec? Ratio { get; init; }
    /// <summary>ECS pods unschedulable this long move to ECI; default 20.</summary>
    public int? PendingTimeoutSeconds { get; init; }
    public DrainBackSpec? DrainBack { get; init; }
}

public sealed record EcsPoolSpec
{
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    /// <summary>Cap on ECS replicas (EcsFirst, Ratio).</summary>
    public int? MaxReplicas { get; init; }
    /// <summary>For Fixed: N replicas on ECS, the rest on ECI.</summary>
    public int? Replicas { get; init; }
}

public sealed record EciPoolSpec
{
    public bool Enabled { get; init; } = true;
    public int? MaxReplicas { get; init; }
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    public IReadOnlyList<Toleration>? Tolerations { get; init; }
    /// <summary>Extra labels on the ECI pods (the twin's template), e.g. ACK's eci annotations' companions.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>Extra annotations on the ECI pods, e.g. k8s.aliyun.com/eci-use-specs for the instance type.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    /// <summary>ECI creations per minute; default 1000 (the ECI CreateContainerGroup limit).</summary>
    public int? MaxCreatePerMinute { get; init; }
}

public sealed record RatioSpec
{
    public required int Ecs { get; init; }
    public required int Eci { get; init; }
}

public sealed record DrainBackSpec
{
    public bool Enabled { get; init; }
    /// <summary>ECS must have had room this long before ECI replicas move back; default 300.</summary>
    public int? AfterSeconds { get; init; }
}

/// <summary>A core/v1 Toleration.</summary>
public sealed record Toleration
{
    public string? Key { get; init; }
    /// <summary>Exists or Equal (default Equal).</summary>
    public string? Operator { get; init; }
    public string? Value { get; init; }
    /// <summary>NoSchedule, PreferNoSchedule, NoExecute, or empty for all.</summary>
    public string? Effect { get; init; }
}
