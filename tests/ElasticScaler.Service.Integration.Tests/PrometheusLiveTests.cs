using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Workload;
using ElasticScaler.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>
/// The seed's WordPress scaled on a rate() query to Debian's real Prometheus, which scrapes the demo app's
/// /metrics. Prometheus stamps its answers with the wall clock, so the cluster, the service and the load run on it:
/// short periods (sync 1 s, scrape 1 s, a 5 s rate window, no scale-down stabilization) and a bounded loopback load.
/// </summary>
public sealed class PrometheusLiveTests
{
    private const string Rate = "sum(rate(demo_requests_total{code=\"200\"}[5s])) or vector(0)";

    [SkippableFact]
    public async Task A_rate_query_scales_wordpress_up_under_load_and_down_after_and_an_outage_holds_the_fallback_size()
    {
        Skip.IfNot(PrometheusServer.Installed, $"{PrometheusServer.Binary} is absent (apt-get install prometheus)");
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Preset = "seed", Sim = new SimOptions() });
        Manifests.Apply(cluster, Manifests.Path("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        Manifests.Apply(cluster, Manifests.Path("deploy", "rbac", "cluster-role.yaml"));
        await using var app = await LiveWorkload.StartAsync(cluster.Api, Scenario.Ns, Scenario.App);
        await using var prometheus = await PrometheusServer.StartAsync([app.BaseAddress.Authority], TimeSpan.FromSeconds(1));
        var api = cluster.Api.Resources;
        int Replicas() => (int?)api.Get(cluster.Context.Deployments, Scenario.Ns, Scenario.App)["spec"]!["replicas"] ?? 0;
        // A small start, so the load has pods to grow from.
        api.Patch(cluster.Context.Deployments, Scenario.Ns, Scenario.App, Sim.Semantics.ResourceService.MergePatch,
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } });

        var o = new ControllerOptions { Kubeconfig = cluster.Api.ScalerKubeconfigPath, SyncPeriod = TimeSpan.FromSeconds(1), MetricsPort = 0 };
        var metrics = new ServiceMetrics();
        using var service = new ScalerController(KubeClientFactory.Create(o, metrics), o, TimeProvider.System, NullLoggerFactory.Instance, metrics, "live");
        using var stop = new CancellationTokenSource();
        var running = service.RunAsync(stop.Token);
        var type = cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        var es = Scalers.Seed(min: 2, max: 8, behavior: new JsonObject { ["scaleDown"] = new JsonObject { ["stabilizationWindowSeconds"] = 0 } });
        es["spec"]!.AsObject().Remove("placement");
        es["spec"]!["metrics"] = new JsonArray(PrometheusMetric(prometheus.Address, Rate, averageValue: "10"));
        es["spec"]!["fallback"] = new JsonObject { ["failureThreshold"] = 2, ["replicas"] = 3 };
        api.Create(type, Scenario.Ns, es);
        JsonNode? Condition(string kind) => api.Get(type, Scenario.Ns, "wordpress")["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => (string?)c!["type"] == kind);
        List<JsonObject> Warnings() => [.. api.List(cluster.Context.Events, Scenario.Ns, Sim.Semantics.LabelSelector.Everything, Sim.Semantics.FieldSelector.Everything)
            .Items.Select(e => e.Parse()).Where(e => (string?)e["reason"] == "FailedGetPrometheusMetric")];
        try
        {
            await Eventually.Until(() => (string?)Condition("ScalingActive")?["reason"] == "ValidMetricFound", "the query is read", TimeSpan.FromSeconds(20));

            // 40 requests a second against a target of 10 per pod: 4 pods.
            using (var load = Load.Start(app.BaseAddress, perSecond: 40))
            {
                await Eventually.Until(() => Replicas() >= 4, "scaled up under load", TimeSpan.FromSeconds(25));
                Assert.InRange(Replicas(), 4, 6);
            }
            await Eventually.Until(() => Replicas() == 2, "scaled down after the load", TimeSpan.FromSeconds(25));

            // Prometheus goes away: the metric is missing, no scaling on it, and past two failures the fallback size holds.
            await prometheus.StopAsync();
            await Eventually.Until(() => (string?)Condition("ScalingActive")?["reason"] == "FailedGetPrometheusMetric", "the failure is the condition", TimeSpan.FromSeconds(15));
            Assert.Contains($"cannot reach Prometheus at {prometheus.Address.ToString().TrimEnd('/')}", (string?)Condition("ScalingActive")!["message"]);
            Assert.Contains(Warnings(), e => ((string?)e["message"])!.Contains("cannot reach Prometheus", StringComparison.Ordinal));
            await Eventually.Until(() => Replicas() == 3, "the fallback size", TimeSpan.FromSeconds(15));
            // The status follows the scale write within the same sync.
            await Eventually.Until(() => (string?)Condition("Fallback")?["status"] == "True", "the Fallback condition", TimeSpan.FromSeconds(5));
            Assert.True(metrics.MetricSourceErrors.WithLabels("prometheus", "connection").Value >= 3);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(3, Replicas()); // held

            // It comes back: the metric is read again and the size follows it (no load: the floor).
            await prometheus.RestartAsync();
            await Eventually.Until(() => (string?)Condition("ScalingActive")?["reason"] == "ValidMetricFound", "recovered", TimeSpan.FromSeconds(20));
            await Eventually.Until(() => Replicas() == 2, "back to the metric's size", TimeSpan.FromSeconds(20));

            // A query that matches nothing and one Prometheus cannot parse each say why, beside the good one.
            es = api.Get(type, Scenario.Ns, "wordpress");
            es["spec"]!["metrics"] = new JsonArray(PrometheusMetric(prometheus.Address, Rate, averageValue: "10"),
                PrometheusMetric(prometheus.Address, "demo_requests_total{pod=\"no-such-pod\"}", averageValue: "10"),
                PrometheusMetric(prometheus.Address, "sum(rate(demo_requests_total[5s])", averageValue: "10"));
            api.Update(type, Scenario.Ns, "wordpress", es);
            await Eventually.Until(() => Warnings().Count(e => ((string?)e["message"])!.Contains("the query returned an empty vector", StringComparison.Ordinal)) == 1
                && Warnings().Any(e => ((string?)e["message"])!.Contains("Prometheus refused the query (400 Bad Request bad_data): invalid parameter \"query\"", StringComparison.Ordinal)),
                "each failure has its own event", TimeSpan.FromSeconds(15));
            Assert.True(metrics.MetricSourceErrors.WithLabels("prometheus", "empty").Value >= 1);
            Assert.True(metrics.MetricSourceErrors.WithLabels("prometheus", "query").Value >= 1);
            Assert.Equal(2, Replicas());
        }
        finally
        {
            var forbidden = cluster.Api.Audit.Snapshot(Scenario.ScalerUser).Where(r => r.Code == 403).ToList();
            RbacUsage.Record(cluster.Api.Audit.Snapshot(Scenario.ScalerUser));
            await stop.CancelAsync();
            try { await running.WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (OperationCanceledException) { }
            Assert.Empty(forbidden);
        }
    }

    public static JsonObject PrometheusMetric(Uri server, string query, string averageValue, JsonObject? extra = null)
    {
        var source = new JsonObject
        {
            ["serverAddress"] = server.ToString().TrimEnd('/'),
            ["query"] = query,
            ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = averageValue },
        };
        foreach (var (k, v) in extra ?? []) source[k] = v?.DeepClone();
        return new JsonObject { ["type"] = "Prometheus", ["prometheus"] = source };
    }
}

/// <summary>A steady loopback load on the demo app: a request every 1/N s, each on its own, until disposed.</summary>
internal sealed class Load : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Task _loop;

    private Load(Uri target, int perSecond) => _loop = RunAsync(target, perSecond, _stop.Token);

    public static Load Start(Uri target, int perSecond) => new(target, perSecond);

    private async Task RunAsync(Uri target, int perSecond, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                _ = _http.GetAsync(target, ct).ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); }, TaskScheduler.Default);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _http.Dispose();
        _stop.Dispose();
    }
}
