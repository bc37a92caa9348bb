using Prometheus;

namespace ElasticScaler.Service.Metrics;

/// <summary>
/// The service's Prometheus metrics, on a registry of its own (two instances in one test process must not share
/// series). Per scaler: replicas desired, current and by pool, each metric's value and target, scale events by
/// direction and pool, the estimated cost rate; for the service: reconcile duration, queue depth, API requests by
/// verb and code, watch restarts, leadership; per metric source, its errors by reason and its request latency.
/// </summary>
public sealed class ServiceMetrics
{
    public ServiceMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        string[] scaler = ["namespace", "name"];
        DesiredReplicas = f.CreateGauge("elasticscaler_desired_replicas", "Replicas the last decision asked for.", scaler);
        CurrentReplicas = f.CreateGauge("elasticscaler_current_replicas", "Replicas of the target and its ECI twin (scale.spec.replicas) before the last decision.", scaler);
        PoolReplicas = f.CreateGauge("elasticscaler_pool_replicas", "Replicas by pool after the last decision. pool=ecs|eci.", "namespace", "name", "pool");
        MetricValue = f.CreateGauge("elasticscaler_metric_value", "Each metric's current value as status.currentMetrics reports it (utilization in percent, values in their unit).", "namespace", "name", "metric");
        MetricTarget = f.CreateGauge("elasticscaler_metric_target", "Each metric's target (utilization in percent, values in their unit).", "namespace", "name", "metric");
        ScaleEvents = f.CreateCounter("elasticscaler_scale_events_total", "Scale writes. direction=up|down, pool=ecs|eci|total.", "namespace", "name", "direction", "pool");
        CostRate = f.CreateGauge("elasticscaler_estimated_cost_usd_per_hour", "Estimated cost rate of the scaler's replicas at the configured prices. pool=ecs|eci.", "namespace", "name", "pool");
        Reconciles = f.CreateCounter("elasticscaler_reconciles_total", "Syncs by outcome. result=ok|error, error=spec|internal|none.", "result", "error");
        ReconcileDuration = f.CreateHistogram("elasticscaler_reconcile_duration_seconds", "Duration of one sync of one scaler, from the cache read to the last write.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        QueueDepth = f.CreateGauge("elasticscaler_queue_depth", "Scalers waiting for a worker.");
        QueueWait = f.CreateHistogram("elasticscaler_queue_wait_seconds", "How long a scaler waited for a worker once its sync was due (or it was queued).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        ApiRequests = f.CreateCounter("elasticscaler_api_requests_total", "Requests to the Kubernetes API. verb=get|list|watch|create|update|patch|delete, code=HTTP status (0: no answer).", "verb", "resource", "code");
        WatchRestarts = f.CreateCounter("elasticscaler_watch_restarts_total", "Watch restarts per cached kind. reason=rewatch|expired|stalled|error.", "resource", "reason");
        Leader = f.CreateGauge("elasticscaler_leader", "1 while this instance holds the lease (or runs without leader election).");
        CachedObjects = f.CreateGauge("elasticscaler_cached_objects", "Objects in each list+watch cache.", "resource");
        MetricSourceErrors = f.CreateCounter("elasticscaler_metric_source_errors_total",
            "Metric reads that gave no value. source=resource|pods|object|external|prometheus, reason=" + string.Join("|", MetricSources.FailureReasons.Labels) + ".",
            "source", "reason");
        MetricSourceDuration = f.CreateHistogram("elasticscaler_metric_source_duration_seconds",
            "Duration of each request to a metric source, answered or not. source=resource|pods|object|external|prometheus.",
            new HistogramConfiguration { LabelNames = ["source"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
    }

    public CollectorRegistry Registry { get; }
    public Gauge DesiredReplicas { get; }
    public Gauge CurrentReplicas { get; }
    public Gauge PoolReplicas { get; }
    public Gauge MetricValue { get; }
    public Gauge MetricTarget { get; }
    public Counter ScaleEvents { get; }
    public Gauge CostRate { get; }
    public Counter Reconciles { get; }
    public Histogram ReconcileDuration { get; }
    public Histogram QueueWait { get; }
    public Gauge QueueDepth { get; }
    public Counter ApiRequests { get; }
    public Counter WatchRestarts { get; }
    public Gauge Leader { get; }
    public Gauge CachedObjects { get; }
    public Counter MetricSourceErrors { get; }
    public Histogram MetricSourceDuration { get; }

    /// <summary>Drops a deleted scaler's series so /metrics does not report it forever.</summary>
    public void Forget(string ns, string name)
    {
        DesiredReplicas.RemoveLabelled(ns, name);
        CurrentReplicas.RemoveLabelled(ns, name);
        foreach (var pool in new[] { "ecs", "eci" })
        {
            PoolReplicas.RemoveLabelled(ns, name, pool);
            CostRate.RemoveLabelled(ns, name, pool);
        }
        foreach (var labels in MetricValue.GetAllLabelValues().Where(l => l[0] == ns && l[1] == name).ToList()) MetricValue.RemoveLabelled(labels);
        foreach (var labels in MetricTarget.GetAllLabelValues().Where(l => l[0] == ns && l[1] == name).ToList()) MetricTarget.RemoveLabelled(labels);
    }

    /// <summary>
    /// Drops every scaler's gauges when this instance stops leading: the new leader reports the scalers' state, and a
    /// standby's stale values must not sit beside it (a dashboard's max would keep them). Counters stay: they count
    /// what this instance did.
    /// </summary>
    public void ForgetScalers()
    {
        foreach (var gauge in new[] { DesiredReplicas, CurrentReplicas, PoolReplicas, MetricValue, MetricTarget, CostRate })
            foreach (var labels in gauge.GetAllLabelValues().ToList()) gauge.RemoveLabelled(labels);
    }

    /// <summary>The text exposition, as /metrics serves it.</summary>
    public async Task<string> ExportAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(buffer, ct).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
