namespace ElasticScaler.Core.State;

/// <summary>
/// Controller-wide settings, the kube-controller-manager flags of HPA. Part of every decision's input so a
/// snapshot replays exactly.
/// </summary>
public sealed record ControllerSettings
{
    /// <summary>--horizontal-pod-autoscaler-tolerance; default 0.1.</summary>
    public double Tolerance { get; init; } = 0.1;
    /// <summary>--horizontal-pod-autoscaler-cpu-initialization-period; default 5 min.</summary>
    public TimeSpan CpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>--horizontal-pod-autoscaler-initial-readiness-delay; default 30 s.</summary>
    public TimeSpan InitialReadinessDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>--horizontal-pod-autoscaler-downscale-stabilization; default 5 min.</summary>
    public TimeSpan DownscaleStabilization { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>--horizontal-pod-autoscaler-sync-period; default 15 s.</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    public static ControllerSettings Default { get; } = new();
}
