namespace ElasticScaler.Bench.Controller;

/// <summary>The figures of a run from what was collected: pure, so the arithmetic is tested apart from processes.</summary>
public static class Figures
{
    public static readonly string[] Verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

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
        var latencies = new List<double>();
        foreach (var c in i.Changes)
            if (writesByNs.TryGetValue(c.Namespace, out var at) && at.FirstOrDefault(t => t >= c.At) is var first && first != default)
                latencies.Add((first - c.At).TotalSeconds);
        latencies.Sort();
        var sync = o.SyncPeriod.TotalSeconds;
        var changes = new ChangeResult
        {
            Changes = o.Changes,
            ScalersChanged = i.Changes.Count,
            ActedOn = latencies.Count,
            WithinSyncPeriod = latencies.Count(l => l <= sync),
            LatencyP50Seconds = Percentile(latencies, 0.5),
            LatencyP99Seconds = Percentile(latencies, 0.99),
            LatencyMaxSeconds = latencies.Count > 0 ? Math.Round(latencies[^1], 3) : double.NaN,
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
            SimCpuCoresRun = Math.Round(i.RunSeconds > 0 ? i.SimCpuRun.TotalSeconds / i.RunSeconds : 0, 3),
            SimPeakRssMib = Math.Round(i.SimPeakRssMib, 1),
            MetricChanges = changes,
            Goals = new Goals(
                ReconcileP99Under100Ms: p99Ms < 100,
                WithinOneCore: Math.Max(cpuSteady, cpuRun) <= 1,
                Within500Mib: i.ServicePeakRssMib <= 500,
                EveryChangeWithinSyncPeriod: changes.ScalersChanged > 0 && changes.WithinSyncPeriod == changes.ScalersChanged,
                NoSteadyWrites: writes.Count == 0),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
}
