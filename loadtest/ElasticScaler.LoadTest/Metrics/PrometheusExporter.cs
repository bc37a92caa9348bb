using Prometheus;

namespace ElasticScaler.LoadTest.Metrics;

/// <summary>
/// Live metrics of a running test for Prometheus (NBomber has no Prometheus sink, NBomber#846). A private registry,
/// so only the test's series are served, updated once a second from the sampler.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private const string Prefix = "elasticscaler_loadtest_";
    private readonly MetricServer _server;
    private readonly Gauge _rps;
    private readonly Gauge _p95;
    private readonly Gauge _latency;
    private readonly Gauge _target;
    private readonly Gauge _concurrency;
    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Counter _dropped;
    private readonly Gauge _cpu;
    private readonly Gauge _replicas;

    private PrometheusExporter(MetricServer server, CollectorRegistry registry)
    {
        _server = server;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        string[] scenario = ["scenario"];
        _rps = f.CreateGauge(Prefix + "rps", "Requests completed per second over the last sample.", scenario);
        _p95 = f.CreateGauge(Prefix + "latency_p95_seconds", "p95 latency over the last second.", scenario);
        _latency = f.CreateGauge(Prefix + "latency_seconds", "Latency of the measured phase so far; quantile=0.5|0.9|0.95|0.99|0.999|1.", ["scenario", "quantile"]);
        _target = f.CreateGauge(Prefix + "target", "Concurrency (closed model) or starts per second (open model) the plan asks for.", scenario);
        _concurrency = f.CreateGauge(Prefix + "concurrency", "Invocations in flight.", scenario);
        _requests = f.CreateCounter(Prefix + "requests_total", "Requests completed in the measured phase; result=ok|fail.", ["scenario", "result"]);
        _errors = f.CreateCounter(Prefix + "errors_total", "Failed requests by kind; kind=timeout|refused|reset|dns|http_4xx|http_5xx|wrong_status|failed|exception.", ["scenario", "kind"]);
        _dropped = f.CreateCounter(Prefix + "dropped_total", "Open-model starts dropped at the in-flight cap.", scenario);
        _cpu = f.CreateGauge(Prefix + "generator_cpu_percent", "Load generator CPU over the last second, percent of one core.");
        _replicas = f.CreateGauge(Prefix + "replicas", "Replicas of the sampled workload; placement=ecs|eci.", ["placement"]);
    }

    public static PrometheusExporter Start(string host, int port)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var server = new MetricServer(host, port, "metrics/", registry);
        server.Start();
        return new PrometheusExporter(server, registry);
    }

    public void Update(IReadOnlyList<ProgressTick> ticks, IReadOnlyList<ScenarioStats> stats)
    {
        foreach (var tick in ticks)
        {
            _rps.WithLabels(tick.Scenario).Set(tick.Rps);
            _p95.WithLabels(tick.Scenario).Set(tick.P95 / 1000);
            _target.WithLabels(tick.Scenario).Set(tick.Target);
            _concurrency.WithLabels(tick.Scenario).Set(tick.Concurrency);
            _cpu.Set(tick.CpuPercent);
            if (tick.Replicas is { } r)
            {
                _replicas.WithLabels("ecs").Set(r.Ecs);
                _replicas.WithLabels("eci").Set(r.Eci);
            }
        }

        foreach (var s in stats)
        {
            _requests.WithLabels(s.ScenarioName, "ok").IncTo(s.Ok.Count);
            _requests.WithLabels(s.ScenarioName, "fail").IncTo(s.Fail.Count);
            _dropped.WithLabels(s.ScenarioName).IncTo(s.Dropped);
            foreach (var kind in ErrorKinds.Errors)
            {
                var name = ErrorKinds.Name(kind);
                _errors.WithLabels(s.ScenarioName, name).IncTo(s.Errors.GetValueOrDefault(name));
            }

            foreach (var (q, v) in new[] { ("0.5", s.Latency.P50), ("0.9", s.Latency.P90), ("0.95", s.Latency.P95), ("0.99", s.Latency.P99), ("0.999", s.Latency.P999), ("1", s.Latency.MaxMs) })
            {
                _latency.WithLabels(s.ScenarioName, q).Set(v / 1000);
            }
        }
    }

    public void Dispose() => _server.Dispose();
}
