namespace ElasticScaler.Bench.Controller;

/// <summary>The figures of a run from what was collected: pure, so the arithmetic is tested apart from processes.</summary>
public static class Figures
{
    public static readonly string[] Verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>
    /// How late a sync may start and still count as on time (timer and work-queue jitter). A polled metric change
    /// lands at any point of its scaler's period, so one that lands just after a sync's read is seen a period
    /// later plus that sync's own time; no polling controller writes every change within exactly one period. The
    /// goal is therefore read as: every change acted on at the first sync after it, and syncs keeping their period.
    /// </summary>
    public static readonly TimeSpan SyncTolerance = TimeSpan.FromSeconds(1);

    /// <summary>The issue's memory goal, 500 MB (decimal megabytes, as it is written), in the MiB the figures are in: 476.8.</summary>
    public const double MemoryGoalMib = 500e6 / (1024 * 1024);

    public sealed record Input
    {
        public required BenchOptions Options { get; init; }
        public required DateTimeOffset StartedAt { get; init; }
        public required MachineLoad Machine { get; init; }
        public required double SetupSeconds { get; init; }
        public required double SteadySeconds { get; init; }
        public required ReconcileHistogram Steady { get; init; }
        public required IReadOnlyList<AuditEntry> SteadyEntries { get; init; }
        public required IReadOnlyList<AuditEntry> AllEntries { get; init; }
        public required IReadOnlyList<BenchRun.Change> Changes { get; init; }
        public required TimeSpan ServiceCpuSteady { get; init; }
        public required TimeSpan ServiceCpuRun { get; init; }
        public required TimeSpan SimCpuRun { get; init; }
        public required double RunSeconds { get; init; }
        public required double ServicePeakRssMib { get; init; }
        public required double SimPeakRssMib { get; init; }
        public double? ServiceMemoryLimitMib { get; init; }
        /// <summary>The service's queue wait histogram over the measured run; empty when not scraped.</summary>
        public ReconcileHistogram QueueWait { get; init; } = new([], 0);
    }

    public static BenchResult Compute(Input i)
    {
        var o = i.Options;
        double reconciles = Math.Max(0, i.Steady.Count);
        double Per(double n) => reconciles > 0 ? n / reconciles : 0;
        bool IsMetrics(AuditEntry e) => e.Group == "metrics.k8s.io";
        var byVerb = Verbs.ToDictionary(v => v, v => Per(i.SteadyEntries.Count(e => e.Verb == v && !IsMetrics(e))), StringComparer.Ordinal);
        var writes = i.SteadyEntries.Where(e => e.Verb is "create" or "update" or "patch" or "delete")
            .GroupBy(e => $"{e.Verb} {e.Resource}{(e.Subresource is null ? "" : "/" + e.Subresource)}")
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

        var writesByNs = i.AllEntries.Where(AuditCollector.IsTargetScaleWrite).GroupBy(e => e.Namespace!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.At).Order().ToList(), StringComparer.Ordinal);
        // A sync reads its namespace's PodMetrics first (one scaler per namespace here), so the reads are when syncs began.
        var readsByNs = i.AllEntries.Where(e => IsMetrics(e) && e is { Verb: "list", Resource: "pods" } && e.Namespace is not null).GroupBy(e => e.Namespace!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.At).Order().ToList(), StringComparer.Ordinal);
        var latencies = new List<double>();
        var waits = new List<double>();
        var reactions = new List<double>();
        int firstSync = 0;
        foreach (var c in i.Changes)
        {
            var write = writesByNs.TryGetValue(c.Namespace, out var at) && at.FirstOrDefault(t => t >= c.At) is var w && w != default ? w : (DateTimeOffset?)null;
            if (write is { } written) latencies.Add((written - c.At).TotalSeconds);
            var reads = readsByNs.GetValueOrDefault(c.Namespace) ?? [];
            // The first sync that can see the change reads after the change's write was answered; the second after that one.
            var after = reads.Where(t => t >= c.VisibleAt).Take(2).ToList();
            if (after.Count > 0)
            {
                waits.Add((after[0] - c.At).TotalSeconds);
                if (write is { } wr && wr >= after[0]) reactions.Add((wr - after[0]).TotalSeconds);
            }
            if (write is { } ww && (after.Count < 2 || ww < after[1])) firstSync++;
        }
        var intervals = new List<double>();
        foreach (var reads in readsByNs.Values)
            for (int k = 1; k < reads.Count; k++) intervals.Add((reads[k] - reads[k - 1]).TotalSeconds);
        latencies.Sort();
        waits.Sort();
        reactions.Sort();
        var sync = o.SyncPeriod.TotalSeconds;
        var intervalMax = intervals.Count > 0 ? Math.Round(intervals.Max(), 3) : double.NaN;
        var changes = new ChangeResult
        {
            Changes = o.Changes,
            ScalersChanged = i.Changes.Count,
            ActedOn = latencies.Count,
            WithinSyncPeriod = latencies.Count(l => l <= sync),
            LatencyP50Seconds = Percentile(latencies, 0.5),
            LatencyP99Seconds = Percentile(latencies, 0.99),
            LatencyMaxSeconds = latencies.Count > 0 ? Math.Round(latencies[^1], 3) : double.NaN,
            ActedOnAtFirstSync = firstSync,
            FirstSyncWaitMaxSeconds = waits.Count > 0 ? Math.Round(waits[^1], 3) : double.NaN,
            ReactionP99Seconds = Percentile(reactions, 0.99),
            SyncIntervalMaxSeconds = intervalMax,
            QueueWaitP99Ms = Math.Round(i.QueueWait.Quantile(0.99) * 1000, 2),
            QueueWaitMaxMs = Math.Round(i.QueueWait.MaxBound() * 1000, 2),
        };
        var p99Ms = i.Steady.Quantile(0.99) * 1000;
        var cpuSteady = i.SteadySeconds > 0 ? i.ServiceCpuSteady.TotalSeconds / i.SteadySeconds : 0;
        var cpuRun = i.RunSeconds > 0 ? i.ServiceCpuRun.TotalSeconds / i.RunSeconds : 0;
        return new BenchResult
        {
            Scalers = o.Scalers,
            PodsPerScaler = o.PodsPerScaler,
            Pods = o.Scalers * o.PodsPerScaler,
            Minutes = o.Duration.TotalMinutes,
            SyncPeriodSeconds = sync,
            StartedAt = i.StartedAt,
            Machine = i.Machine,
            SetupSeconds = Math.Round(i.SetupSeconds, 1),
            SteadyWindowSeconds = Math.Round(i.SteadySeconds, 1),
            SteadyReconciles = (long)reconciles,
            ReconcileP50Ms = Math.Round(i.Steady.Quantile(0.5) * 1000, 2),
            ReconcileP99Ms = Math.Round(p99Ms, 2),
            RequestsPerReconcile = byVerb,
            MetricsReadsPerReconcile = Per(i.SteadyEntries.Count(e => IsMetrics(e) && e.Verb is "list" or "get")),
            SteadyWrites = writes,
            ServiceCpuCoresSteady = Math.Round(cpuSteady, 3),
            ServiceCpuCoresRun = Math.Round(cpuRun, 3),
            ServicePeakRssMib = Math.Round(i.ServicePeakRssMib, 1),
            ServiceMemoryLimitMib = i.ServiceMemoryLimitMib,
            SimCpuCoresRun = Math.Round(i.RunSeconds > 0 ? i.SimCpuRun.TotalSeconds / i.RunSeconds : 0, 3),
            SimPeakRssMib = Math.Round(i.SimPeakRssMib, 1),
            MetricChanges = changes,
            Goals = new Goals(
                ReconcileP99Under100Ms: p99Ms < 100,
                WithinOneCore: Math.Max(cpuSteady, cpuRun) <= 1,
                Within500Mb: i.ServicePeakRssMib <= MemoryGoalMib,
                EveryChangeWithinSyncPeriod: changes.ScalersChanged > 0 && changes.ActedOnAtFirstSync == changes.ScalersChanged
                                             && intervalMax <= sync + SyncTolerance.TotalSeconds,
                NoSteadyWrites: writes.Count == 0),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
}
