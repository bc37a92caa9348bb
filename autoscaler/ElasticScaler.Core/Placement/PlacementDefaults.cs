namespace ElasticScaler.Core.Placement;

/// <summary>The defaults placement applies when the spec leaves a field out.</summary>
public static class PlacementDefaults
{
    /// <summary>ECI creations per sliding minute: 1000, the ECI CreateContainerGroup API limit.</summary>
    public const int EciMaxCreatePerMinute = 1000;

    /// <summary>ECS pods unschedulable this long move to ECI: 20 s.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>ECS must have had room this long before ECI replicas move back: 300 s.</summary>
    public static readonly TimeSpan DrainBackAfter = TimeSpan.FromSeconds(300);

    /// <summary>The window over which ECI creations are counted: 60 s.</summary>
    public static readonly TimeSpan EciRateWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A not-ready pod younger than this (10 min) counts as starting: while one is starting, a Ready pod is
    /// deleted only if as many Ready pods as desired remain (make-before-break). An older not-ready pod is
    /// taken as broken, so it cannot hold deletions back forever.
    /// </summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromMinutes(10);

    /// <summary>Pods a node takes when it reports no allocatable "pods": the kubelet default, 110.</summary>
    public const int DefaultMaxPodsPerNode = 110;
}
