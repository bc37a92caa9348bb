namespace ElasticScaler.Bench.Controller.Tests;

public sealed class FiguresTests
{
    private const string Scrape = """
        # HELP elasticscaler_reconcile_duration_seconds Duration of one sync
        # TYPE elasticscaler_reconcile_duration_seconds histogram
        elasticscaler_reconcile_duration_seconds_sum 1.5
        elasticscaler_reconcile_duration_seconds_count 100
        elasticscaler_reconcile_duration_seconds_bucket{le="0.001"} 50
        elasticscaler_reconcile_duration_seconds_bucket{le="0.002"} 90
        elasticscaler_reconcile_duration_seconds_bucket{le="0.004"} 100
        elasticscaler_reconcile_duration_seconds_bucket{le="+Inf"} 100
        elasticscaler_reconciles_total{result="ok",error="none"} 100
        """;

    [Fact]
    public void Quantiles_interpolate_within_a_bucket_as_histogram_quantile_does()
    {
        var h = ReconcileHistogram.Parse(Scrape);
        Assert.Equal(100, h.Count);
        Assert.Equal(0.001, h.Quantile(0.5), 9);            // the 50th is the last of the first bucket
        Assert.Equal(0.0015, h.Quantile(0.7), 9);           // halfway through (0.001, 0.002]
        Assert.Equal(0.0038, h.Quantile(0.99), 9);          // 9 of 10 through (0.002, 0.004]
        Assert.True(double.IsNaN(new ReconcileHistogram([], 0).Quantile(0.5)));
    }

    [Fact]
    public void Another_histogram_of_the_scrape_reads_by_its_name_and_its_top_bucket_bounds_the_most()
    {
        var text = Scrape + "\n" + """
            elasticscaler_queue_wait_seconds_bucket{le="0.001"} 7
            elasticscaler_queue_wait_seconds_bucket{le="0.002"} 9
            elasticscaler_queue_wait_seconds_bucket{le="0.004"} 10
            elasticscaler_queue_wait_seconds_bucket{le="0.008"} 10
            elasticscaler_queue_wait_seconds_bucket{le="+Inf"} 10
            elasticscaler_queue_wait_seconds_count 10
            """;
        var wait = ReconcileHistogram.Parse(text, ReconcileHistogram.QueueWaitName);
        Assert.Equal(10, wait.Count);
        Assert.Equal(0.004, wait.MaxBound(), 9);                       // the last wait fell in (0.002, 0.004]
        Assert.Equal(100, ReconcileHistogram.Parse(text).Count);       // the reconcile histogram is apart
        Assert.True(double.IsNaN(new ReconcileHistogram([], 0).MaxBound()));
    }

    [Fact]
    public void A_window_is_the_difference_of_two_scrapes()
    {
        var before = ReconcileHistogram.Parse(Scrape);
        var after = ReconcileHistogram.Parse(Scrape.Replace("_count 100", "_count 110").Replace("\"0.001\"} 50", "\"0.001\"} 50")
            .Replace("\"0.002\"} 90", "\"0.002\"} 90").Replace("\"0.004\"} 100", "\"0.004\"} 110").Replace("\"+Inf\"} 100", "\"+Inf\"} 110"));
        var window = after.Since(before);
        Assert.Equal(10, window.Count);
        Assert.Equal(0.002, window.Quantile(0.0001), 6);     // all ten in (0.002, 0.004]
        Assert.Equal(0.004, window.Quantile(1), 9);
    }

    [Fact]
    public void Requests_are_counted_per_reconcile_by_verb_and_a_change_is_timed_to_its_targets_first_scale_write()
    {
        var t0 = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        AuditEntry E(double s, string verb, string group, string resource, string? sub = null, string ns = "bench-00001", string? name = null) =>
            new(t0.AddSeconds(s), verb, group, resource, sub, ns, name, 200);
        var steady = new List<AuditEntry>
        {
            E(1, "list", "metrics.k8s.io", "pods"), E(2, "list", "metrics.k8s.io", "pods"),
            E(3, "patch", "", "events", name: "app.1"),
        };
        var all = new List<AuditEntry>(steady)
        {
            E(20, "update", "apps", "deployments", "scale", name: "app-eci"),   // the twin's: not the target's
            E(21, "update", "apps", "deployments", "scale", name: "app"),
            E(5, "update", "apps", "deployments", "scale", "bench-00002", "app"), // before its change: not its answer
            E(12, "list", "metrics.k8s.io", "pods"), E(27, "list", "metrics.k8s.io", "pods"), // bench-00001's syncs after its change
        };
        var o = new BenchOptions { Scalers = 2, SyncPeriod = TimeSpan.FromSeconds(15) };
        var r = Compute(o, t0, steady, all, [new BenchRun.Change("bench-00001", t0.AddSeconds(10), t0.AddSeconds(10.1)), new BenchRun.Change("bench-00002", t0.AddSeconds(10), t0.AddSeconds(10.1))]);
        Assert.Equal(0.25, r.RequestsPerReconcile["patch"]);
        Assert.Equal(0, r.RequestsPerReconcile["list"]);              // metrics.k8s.io apart
        Assert.Equal(0.5, r.MetricsReadsPerReconcile);
        Assert.Equal(new Dictionary<string, long> { ["patch events"] = 1 }, r.SteadyWrites);
        Assert.Equal((2, 1, 1, 11.0), (r.MetricChanges.ScalersChanged, r.MetricChanges.ActedOn, r.MetricChanges.WithinSyncPeriod, r.MetricChanges.LatencyMaxSeconds));
        Assert.Equal((1, 2.0, 9.0, 15.0), (r.MetricChanges.ActedOnAtFirstSync, r.MetricChanges.FirstSyncWaitMaxSeconds, r.MetricChanges.ReactionP99Seconds,
            r.MetricChanges.SyncIntervalMaxSeconds));
        Assert.Equal((0.2, 0.2), (r.ServiceCpuCoresSteady, r.ServiceCpuCoresRun));
        Assert.Equal(new Goals(true, true, true, false, false), r.Goals);  // one change never acted on; an event write in steady state
    }

    /// <summary>
    /// One scaler synced at <paramref name="reads"/> (seconds), changed at 10 s (readable at 10.1 s), scaled at
    /// <paramref name="write"/>: whether it counts as acted on at the first sync after the change, and whether the goal holds.
    /// </summary>
    [Theory]
    [InlineData(new[] { 0.0, 15, 30, 45 }, 15.05, true, true)]     // seen at the next sync, written 50 ms after its read
    [InlineData(new[] { 0.0, 10.05, 25, 40 }, 10.1, true, true)]   // a read racing the change's write saw it already: still the first sync
    [InlineData(new[] { 0.0, 15, 30, 45 }, 30.05, false, false)]   // missed by the sync at 15 s, written by the next one
    [InlineData(new[] { 0.0, 17, 32, 47 }, 17.05, true, false)]    // acted on at once, but that sync came 2 s late
    [InlineData(new[] { 0.0, 15, 30, 45 }, null, false, false)]    // never written
    public void A_change_counts_when_the_first_sync_after_it_writes_and_syncs_keep_their_period(double[] reads, double? write, bool firstSync, bool goal)
    {
        var t0 = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var all = reads.Select(s => new AuditEntry(t0.AddSeconds(s), "list", "metrics.k8s.io", "pods", null, "bench-00001", null, 200)).ToList();
        if (write is { } w) all.Add(new AuditEntry(t0.AddSeconds(w), "update", "apps", "deployments", "scale", "bench-00001", "app", 200));
        var r = Compute(new BenchOptions { Scalers = 1, SyncPeriod = TimeSpan.FromSeconds(15) }, t0, [], all,
            [new BenchRun.Change("bench-00001", t0.AddSeconds(10), t0.AddSeconds(10.1))]);

        Assert.Equal(firstSync ? 1 : 0, r.MetricChanges.ActedOnAtFirstSync);
        Assert.Equal(goal, r.Goals.EveryChangeWithinSyncPeriod);
    }

    /// <summary>The figures of a run whose process readings are fixed (4 steady reconciles, 2 s of 10 s steady CPU, 4 s of 20 s in all; 200 MiB unless given).</summary>
    /// <summary>The "500 MB" is decimal megabytes: 476.8 MiB of peak RSS, not 500 MiB.</summary>
    [Theory]
    [InlineData(476.8, true)]
    [InlineData(476.9, false)]
    [InlineData(500.0, false)]
    public void The_memory_goal_is_500_decimal_megabytes_of_peak_rss(double peakMib, bool met)
    {
        var t0 = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var r = Compute(new BenchOptions { Scalers = 1, SyncPeriod = TimeSpan.FromSeconds(15) }, t0, [], [], [], peakMib);

        Assert.Equal(met, r.Goals.Within500Mb);
    }

    private static BenchResult Compute(BenchOptions o, DateTimeOffset t0, List<AuditEntry> steady, List<AuditEntry> all, BenchRun.Change[] changes,
        double servicePeakRssMib = 200) =>
        Figures.Compute(new Figures.Input
        {
            Options = o,
            StartedAt = t0,
            Machine = new MachineLoad(2, [1, 1, 1], [1, 1, 1]),
            SetupSeconds = 1,
            SteadySeconds = 10,
            Steady = new ReconcileHistogram([(0.001, 4), (double.PositiveInfinity, 4)], 4),
            SteadyEntries = steady,
            AllEntries = all,
            Changes = changes,
            ServiceCpuSteady = TimeSpan.FromSeconds(2),
            ServiceCpuRun = TimeSpan.FromSeconds(4),
            SimCpuRun = TimeSpan.FromSeconds(1),
            RunSeconds = 20,
            ServicePeakRssMib = servicePeakRssMib,
            SimPeakRssMib = 300,
        });
}
