using ElasticScaler.Core.State;
using ElasticScaler.Service.Events;
using ElasticScaler.Service.MetricSources;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;

namespace ElasticScaler.Service.Controller;

/// <summary>The parts one sync works with: the caches, the metric readers, the API for writes, the recorders, the options.</summary>
public sealed record SyncContext(
    ClusterView View,
    Actuator Actuator,
    StatusWriter Status,
    EventRecorder Events,
    ServiceMetrics Metrics,
    PodMetricsReader PodMetrics,
    MetricReads Reads,
    ScaleTargets Targets,
    ScalerMemories Memories,
    ControllerOptions Options,
    ControllerSettings Settings,
    TimeProvider Time,
    SnapshotDump? Dump)
{
    /// <summary>Scalers that name a target, by "namespace/Kind/name" (AmbiguousSelector).</summary>
    public required Func<string, IReadOnlyCollection<string>> ScalersOfTarget { get; init; }

    /// <summary>When each scaler syncs next: on its namespace's slots, shared with <see cref="PodMetrics"/>.</summary>
    public required SyncSlots Slots { get; init; }

    /// <summary>The ECI options, read once: what the twin's pods get where a scaler's spec is silent.</summary>
    public EciPodDefaults EciDefaults { get; } = EciPodDefaults.From(Options);
}
