namespace ElasticScaler.Bench.Controller;

/// <summary>results.json: one run's figures (docs/benchmarks.md "Controller scale" says how each is measured).</summary>
public sealed record BenchResult
{
    public required int Scalers { get; init; }
    public required int PodsPerScaler { get; init; }
    public required int Pods { get; init; }
    public required double Minutes { get; init; }
    public required double SyncPeriodSeconds { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required MachineLoad Machine { get; init; }
    /// <summary>From starting the sim to every pod Ready with its metrics set.</summary>
    public required double SetupSeconds { get; init; }

    public required double SteadyWindowSeconds { get; init; }
    /// <summary>Syncs in the steady window (the service's reconcile histogram count).</summary>
    public required long SteadyReconciles { get; init; }
    public required double ReconcileP50Ms { get; init; }
    public required double ReconcileP99Ms { get; init; }
    /// <summary>The service's API requests in the steady window by verb, per reconcile (metrics.k8s.io apart).</summary>
    public required IReadOnlyDictionary<string, double> RequestsPerReconcile { get; init; }
    /// <summary>metrics.k8s.io PodMetrics lists per reconcile: HPA's one metrics read per namespace per sync.</summary>
    public required double MetricsReadsPerReconcile { get; init; }
    /// <summary>Every write in the steady window as "verb resource[/subresource]" and its count: what a nonzero write figure was.</summary>
    public required IReadOnlyDictionary<string, long> SteadyWrites { get; init; }

    /// <summary>The service's CPU in cores over the steady window and over the whole measured run (steady plus changes).</summary>
    public required double ServiceCpuCoresSteady { get; init; }
    public required double ServiceCpuCoresRun { get; init; }
    public required double ServicePeakRssMib { get; init; }
    /// <summary>The memory cgroup limit the service ran under (deploy/manager's container limit by default); null when none was applied.</summary>
    public double? ServiceMemoryLimitMib { get; init; }
    public required double SimCpuCoresRun { get; init; }
    public required double SimPeakRssMib { get; init; }

    public required ChangeResult MetricChanges { get; init; }
    public required Goals Goals { get; init; }
}

/// <summary>The load average (1, 5, 15 min) when the measured run started and ended, and the machine's cores.</summary>
public sealed record MachineLoad(int Cores, double[] LoadAtStart, double[] LoadAtEnd);

/// <summary>
/// Metric changes: at each, a share of the scalers' pods go from 50% to 80% of their request; the latency is from the
/// change to the sim's record of the service's /scale write on that Deployment.
/// </summary>
public sealed record ChangeResult
{
    public required int Changes { get; init; }
    public required int ScalersChanged { get; init; }
    public required int ActedOn { get; init; }
    public required int WithinSyncPeriod { get; init; }
    public required double LatencyP50Seconds { get; init; }
    public required double LatencyP99Seconds { get; init; }
    public required double LatencyMaxSeconds { get; init; }
    /// <summary>Changes whose scale write came before the second sync (PodMetrics read) after the change was readable: acted on by the first sync that could see it.</summary>
    public required int ActedOnAtFirstSync { get; init; }
    /// <summary>The longest wait from a change to the first sync that could see it.</summary>
    public required double FirstSyncWaitMaxSeconds { get; init; }
    /// <summary>From that sync's metrics read to its scale write, 99th percentile.</summary>
    public required double ReactionP99Seconds { get; init; }
    /// <summary>The longest gap between two consecutive syncs (PodMetrics reads) of one scaler over the measured run.</summary>
    public required double SyncIntervalMaxSeconds { get; init; }
    /// <summary>The service's own elasticscaler_queue_wait_seconds over the measured run: how late syncs started once due, p99 and the top bucket's bound.</summary>
    public double QueueWaitP99Ms { get; init; } = double.NaN;
    public double QueueWaitMaxMs { get; init; } = double.NaN;
}

/// <summary>The goals against the figures.</summary>
public sealed record Goals(bool ReconcileP99Under100Ms, bool WithinOneCore, bool Within500Mb, bool EveryChangeWithinSyncPeriod, bool NoSteadyWrites);
