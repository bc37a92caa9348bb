using Prometheus;

namespace ElasticScaler.Sim.Workload;

/// <summary>
/// The demo app's Prometheus series, in a registry of its own (so several apps in one process do not mix):
/// per-pod request counters by status code, in-flight gauges and latency histograms.
/// </summary>
public sealed class WorkloadMetrics
{
    public WorkloadMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("demo_requests_total", "Requests answered by the demo app, by pod and HTTP status code.",
            new CounterConfiguration { LabelNames = ["pod", "code"] });
        InFlight = factory.CreateGauge("demo_requests_in_flight", "Requests admitted by a pod and not yet answered.",
            new GaugeConfiguration { LabelNames = ["pod"] });
        Duration = factory.CreateHistogram("demo_request_duration_seconds", "Time from arrival to answer, by pod.",
            new HistogramConfiguration
            {
                LabelNames = ["pod"],
                Buckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
    }

    public CollectorRegistry Registry { get; }
    public Counter Requests { get; }
    public Gauge InFlight { get; }
    public Histogram Duration { get; }

    /// <summary>"none" labels requests no pod took (no Ready endpoint).</summary>
    public void Record(PodLoad? pod, Admission admission)
    {
        string name = pod?.Name ?? "none";
        Requests.WithLabels(name, admission.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        Duration.WithLabels(name).Observe(admission.Latency.TotalSeconds);
    }

    /// <summary>The text exposition format, as GET /metrics serves it.</summary>
    public async Task<string> ExportAsync(CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(buffer, ct);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
