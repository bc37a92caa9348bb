using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Semantics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SimUsage = ElasticScaler.Sim.Api.ContainerUsage;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>
/// The seed's cluster (sim.Cluster, seed preset) and the ElasticScaler service in one process on one
/// FakeTimeProvider: the service talks to the sim over HTTPS with the real KubernetesClient, as the scaler's
/// service account with exactly deploy/rbac's rights. The test moves time a second at a time; the cluster's
/// controllers settle and the service finishes what the second woke before the next one, so ten minutes of
/// cluster time take seconds and every run is the same.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    public const string Ns = SeedPreset.Namespace;
    public const string App = SeedPreset.Deployment;

    private CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private Func<int, double>? _load;
    private (string Metric, Func<int, double> Total)? _podMetric;

    private Scenario(SimulatedCluster cluster, FakeTimeProvider time)
    {
        Cluster = cluster;
        Time = time;
        Start = time.GetUtcNow();
    }

    public SimulatedCluster Cluster { get; }
    public FakeTimeProvider Time { get; }
    public ScalerController Service { get; private set; } = null!;
    public ControllerOptions Options { get; private set; } = null!;
    public ResourceService Api => Cluster.Api.Resources;

    public static async Task<Scenario> StartAsync(Action<ControllerOptions>? configure = null, string preset = "seed", IReadOnlyList<NodePool>? pools = null)
    {
        // The certificate is stamped from this clock and checked against the wall clock: start near now. At the whole
        // minute, so a scenario's syncs fall at the same offsets from its start in every run (they are on slots of
        // the absolute clock, Controller/SyncSlots), as do its metric samples (every 15 s of the clock).
        var now = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero));
        var cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Sim = new SimOptions { Time = time },
            Preset = preset,
            Pools = pools ?? [],
            RunControllers = false,
        });
        cluster.Settle();
        Manifests.Apply(cluster, Manifests.Path("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        Manifests.Apply(cluster, Manifests.Path("deploy", "rbac", "service-account.yaml"));
        Manifests.Apply(cluster, Manifests.Path("deploy", "rbac", "cluster-role.yaml"));
        var s = new Scenario(cluster, time);
        s.StartService(configure);
        await s.WaitSyncedAsync();
        return s;
    }

    /// <summary>Starts (or restarts) the service, as the scaler's service account.</summary>
    public void StartService(Action<ControllerOptions>? configure = null)
    {
        var o = new ControllerOptions { Kubeconfig = Cluster.Api.ScalerKubeconfigPath, Workers = 2, MetricsPort = 0 };
        configure?.Invoke(o);
        Options = o;
        var metrics = new ServiceMetrics();
        var client = KubeClientFactory.Create(o, metrics);
        Service = new ScalerController(client, o, Time, Logs, metrics, "test-" + Guid.NewGuid().ToString("N")[..6]);
        _running = Service.RunAsync(_stop.Token);
    }

    /// <summary>Set ELASTICSCALER_TEST_LOG=1 to see the service's log lines while a scenario runs.</summary>
    private static readonly ILoggerFactory Logs = Environment.GetEnvironmentVariable("ELASTICSCALER_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.IncludeScopes = true).SetMinimumLevel(LogLevel.Debug))
        : NullLoggerFactory.Instance;

    /// <summary>Stops the service as a crash would: its memory is gone, the cluster carries on.</summary>
    public async Task StopServiceAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(30));
        Service.Dispose();
        _stop.Dispose();
        _stop = new CancellationTokenSource();
    }

    public async Task WaitSyncedAsync()
    {
        await Service.View.Synced.WaitAsync(TimeSpan.FromSeconds(30));
        await IdleAsync();
    }

    /// <summary>Creates an ElasticScaler through the API as a user would.</summary>
    public void Apply(JsonObject scaler)
    {
        var type = Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        var name = (string)scaler["metadata"]!["name"]!;
        if (Api.TryGet(type, Ns, name) is null) Api.Create(type, Ns, scaler);
        else Api.Update(type, Ns, name, scaler);
    }

    /// <summary>
    /// The demand on the workload in cores, as a function of the second; every 15 s each Running pod of the app
    /// reports an equal share of it as CPU usage to metrics.k8s.io (as metrics-server would), capped at 2x its request.
    /// </summary>
    public void Load(Func<int, double> coresAtSecond) => _load = coresAtSecond;

    /// <summary>
    /// The demand on the workload as a Pods metric of custom.metrics.k8s.io: every 15 s each Running pod of the app
    /// reports an equal share of the total as <paramref name="metric"/> (as prometheus-adapter would from the app's counters).
    /// </summary>
    public void PodMetric(string metric, Func<int, double> totalAtSecond) => _podMetric = (metric, totalAtSecond);

    /// <summary>Moves cluster time on, a second at a time.</summary>
    public async Task RunAsync(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            // The sample of the coming second is in place before the clock moves: advancing fires the service's
            // resync timers, and a sync must never race the test's own publishing.
            var next = Time.GetUtcNow() + TimeSpan.FromSeconds(1);
            if (_load is not null && next.ToUnixTimeSeconds() % 15 == 0) PublishUsage(next);
            if (_podMetric is not null && next.ToUnixTimeSeconds() % 15 == 0) PublishPodMetric(next);
            Time.Advance(TimeSpan.FromSeconds(1));
            Cluster.Settle();
            await IdleAsync();
        }
    }

    /// <summary>
    /// Waits until the service has nothing queued or in hand and the cluster's store stopped moving: what this
    /// second started has finished. Bounded in wall-clock time so a stuck service fails the test instead of hanging.
    /// </summary>
    public async Task IdleAsync()
    {
        var started = TimeProvider.System.GetUtcNow();
        var deadline = started + TimeSpan.FromSeconds(30);
        int quiet = 0;
        long revision = Cluster.Api.Store.Revision;
        while (quiet < 3)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (now > deadline) throw new TimeoutException($"the service did not go idle (queue {Service.Queue.Depth}, held {Service.Queue.Processing})");
            await Task.Delay(2);
            Cluster.Settle();
            var rv = Cluster.Api.Store.Revision;
            // A request held by an injected latency waits on this clock: once the store is quiet, the next second releases it.
            bool idle = Service.Queue.Depth == 0 && Service.Queue.Processing == 0 || now - started > TimeSpan.FromMilliseconds(400);
            quiet = idle && rv == revision ? quiet + 1 : 0;
            revision = rv;
        }
    }

    /// <summary>The requests the service made, as the sim's audit recorded them (user: the scaler's service account).</summary>
    public IReadOnlyList<Sim.Api.AuditRecord> Requests() => Cluster.Api.Audit.Snapshot(ScalerUser);

    public const string ScalerUser = "system:serviceaccount:elasticscaler:elasticscaler";

    /// <summary>Resources a scenario expects the scaler's role to refuse (Secrets before a namespace binds the secret reader).</summary>
    public HashSet<string> ForbiddenExpected { get; } = new(StringComparer.Ordinal);

    private void PublishUsage(DateTimeOffset now)
    {
        var pods = AppPods().Where(p => Phase(p) == "Running" && p["metadata"]?["deletionTimestamp"] is null).ToList();
        if (pods.Count == 0) return;
        double perPod = _load!((int)(now - Start).TotalSeconds) / pods.Count;
        foreach (var p in pods)
        {
            var container = (string)p["spec"]!["containers"]![0]!["name"]!;
            long millis = (long)Math.Min(1000, perPod * 1000);
            Cluster.Api.Metrics.SetPod(Ns, (string)p["metadata"]!["name"]!, [new SimUsage(container, millis, 256L << 20)], now);
        }
    }

    private void PublishPodMetric(DateTimeOffset now)
    {
        var pods = AppPods().Where(p => Phase(p) == "Running" && p["metadata"]?["deletionTimestamp"] is null).ToList();
        if (pods.Count == 0) return;
        var (metric, total) = _podMetric!.Value;
        // Truncated to milli-units, as prometheus-adapter's quantities are (a rounded-up share would sum past the total).
        var perPod = Math.Floor((decimal)(total((int)(now - Start).TotalSeconds) / pods.Count) * 1000) / 1000;
        foreach (var p in pods)
            Cluster.Api.Metrics.SetCustom(Ns, "pods", (string)p["metadata"]!["name"]!, metric, perPod, null, now, windowSeconds: 15);
    }

    /// <summary>When the scenario began: the load function's second 0.</summary>
    public DateTimeOffset Start { get; }

    // ---- reading the cluster ----

    public List<JsonObject> AppPods() =>
        [.. Api.List(Cluster.Context.Pods, Ns, LabelSelector.Parse("app=" + App), FieldSelector.Everything).Items.Select(o => o.Parse())];

    public static string Phase(JsonObject pod) => (string?)pod["status"]?["phase"] ?? "";

    public static bool OnVirtualNode(JsonObject pod) => ((string?)pod["spec"]?["nodeName"] ?? "").StartsWith("virtual-kubelet", StringComparison.Ordinal);

    /// <summary>Live (not terminating) app pods by where they run: ECS bound, ECI bound, pending.</summary>
    public (int Ecs, int Eci, int Pending) Pools()
    {
        int ecs = 0, eci = 0, pending = 0;
        foreach (var p in AppPods())
        {
            if (p["metadata"]?["deletionTimestamp"] is not null) continue;
            if (p["spec"]?["nodeName"] is null) pending++;
            else if (OnVirtualNode(p)) eci++;
            else ecs++;
        }
        return (ecs, eci, pending);
    }

    public int Replicas(string name)
    {
        var d = Api.TryGet(Cluster.Context.Deployments, Ns, name);
        return d is null ? -1 : (int?)d["spec"]?["replicas"] ?? 1;
    }

    public JsonObject? Scaler(string name)
    {
        var type = Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        return Api.TryGet(type, Ns, name);
    }

    public List<JsonObject> Events(string? reason = null) =>
        [.. Api.List(Cluster.Context.Events, Ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.Parse())
            .Where(e => reason is null || (string?)e["reason"] == reason)];

    public async ValueTask DisposeAsync()
    {
        // Every scenario runs as the scaler's service account with deploy/rbac's role: none may be refused.
        var forbidden = Requests().Where(r => r.Code == 403 && !ForbiddenExpected.Contains(r.Resource)).Select(r => $"{r.Verb} {r.Resource}/{r.Subresource} {r.Namespace}/{r.Name}").Distinct().ToList();
        RbacUsage.Record(Requests());
        await _stop.CancelAsync();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (OperationCanceledException) { }
        Service.Dispose();
        await Cluster.DisposeAsync();
        _stop.Dispose();
        Assert.True(forbidden.Count == 0, "the scaler's role refused: " + string.Join("; ", forbidden));
        Assert.False(_running.IsFaulted, "the service crashed: " + _running.Exception?.GetBaseException());
    }
}
