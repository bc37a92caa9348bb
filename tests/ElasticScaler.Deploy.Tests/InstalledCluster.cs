using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Deploy.Tests;

/// <summary>
/// The seed's simulated ACK cluster (on a real HTTPS port, the wall clock) with deploy/ installed by the real kubectl
/// as an admin would: <c>kubectl apply -k</c> of the base and both overlays (the base last), then <c>kubectl apply -f</c>
/// of every sample. Then the service runs as its own process with the base Deployment's args and env (from
/// <c>kubectl kustomize deploy/</c>), under the elasticscaler service account's token, and scales the seed's WordPress
/// up under CPU load (90% of its requests on 22 pods, so 33 at the 60% target: 22 on ECS, 11 on ECI). Skipped as a
/// whole when kubectl is absent.
/// </summary>
public sealed partial class InstalledCluster : IAsyncLifetime
{
    /// <summary>The cores the WordPress pods use in all: 22 pods at 450m, 90% of their 500m request.</summary>
    public const double WordPressCores = 22 * 0.45;
    public const string PodName = "elasticscaler-5c8f7d9b4-x2k7q";

    private readonly CancellationTokenSource _stop = new();
    private Task _load = Task.CompletedTask;

    public bool Skipped { get; private set; }
    public SimulatedCluster Cluster { get; private set; } = null!;
    public Kubectl Admin { get; private set; } = null!;
    public ServiceProcess Service { get; private set; } = null!;
    public Uri MetricsAddress { get; private set; } = null!;
    /// <summary>Scraping the service, where Debian's prometheus is installed; null elsewhere.</summary>
    public Prometheus? Prometheus { get; private set; }
    public List<JsonObject> BaseObjects { get; private set; } = [];
    /// <summary>What kubectl printed for each apply, in order: what was applied, and its output.</summary>
    public List<(string What, KubectlResult Result)> Applied { get; } = [];

    /// <summary>The output of the first apply of <paramref name="what"/>.</summary>
    public string Printed(string what) => Applied.First(a => a.What == what).Result.Stdout;
    public string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "es-deploy-kubectl-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        if (Kubectl.Find() is null)
        {
            Skipped = true;
            return;
        }
        Directory.CreateDirectory(CacheDir);
        Cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Preset = "seed" });
        Admin = new Kubectl(Cluster.Api.AdminKubeconfigPath, CacheDir);

        foreach (var dir in new[] { "deploy", "deploy/overlays/ack", "deploy/overlays/dev", "deploy" })
            Applied.Add((dir, Admin.Run("apply", "-k", Repo.Path(dir)).Ok("apply -k " + dir)));
        foreach (var sample in Directory.EnumerateFiles(Repo.Path("deploy", "samples"), "*.yaml").Order(StringComparer.Ordinal))
            Applied.Add((Path.GetFileName(sample), Admin.Run("apply", "-f", sample).Ok("apply -f " + sample)));

        BaseObjects = Kubectl.Kustomize("deploy");
        var container = Built.Container(BaseObjects);
        var ns = (string)Built.One(BaseObjects, "Deployment", "elasticscaler")["metadata"]!["namespace"]!;
        _load = Task.Run(() => LoadAsync(_stop.Token));

        // The Deployment's args and env; outside a pod the service account's token comes in a kubeconfig, and the
        // metrics port is one free on this shared machine, on loopback.
        var args = Built.Args(container).Concat(["--kubeconfig", Cluster.Api.ScalerKubeconfigPath, "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1"]);
        Service = ServiceProcess.Start(args, Built.Env(container, PodName, ns));
        MetricsAddress = new Uri(Address().Match(await Service.WaitForLineAsync("Serving /metrics", TimeSpan.FromSeconds(60))).Value);
        using var http = new HttpClient { BaseAddress = MetricsAddress };
        await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, () => "not ready", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(Status("wordpress", "wordpress") is (33, 22, 11) && EciPods() == 11),
            () => $"status {Status("wordpress", "wordpress")}, {EciPods()} pods on the virtual node; service said:\n" + string.Join("\n", Service.Lines.TakeLast(30)),
            TimeSpan.FromSeconds(150));
        if (Prometheus.Installed)
        {
            Prometheus = await Prometheus.StartAsync(MetricsAddress);
            await Prometheus.ScrapedAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>(desired, ECS, ECI) from an ElasticScaler's status.</summary>
    public (long?, long?, long?) Status(string ns, string name)
    {
        var type = Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        var status = Cluster.Api.Resources.TryGet(type, ns, name)?["status"];
        return ((long?)status?["desiredReplicas"], (long?)status?["ecsReplicas"], (long?)status?["eciReplicas"]);
    }

    /// <summary>Live WordPress pods bound to the virtual node.</summary>
    public int EciPods() => WordPressPods().Count(p => ((string?)p["spec"]?["nodeName"] ?? "").StartsWith("virtual-kubelet", StringComparison.Ordinal));

    public IReadOnlyList<AuditRecord> ScalerRequests() => Cluster.Api.Audit.Snapshot(Sim.Auth.Identity.ScalerUser);

    private List<JsonObject> WordPressPods() =>
        [.. Cluster.Api.Resources.List(Cluster.Context.Pods, SeedPreset.Namespace, LabelSelector.Parse("app=" + SeedPreset.Deployment), FieldSelector.Everything)
            .Items.Select(o => o.Parse()).Where(p => p["metadata"]?["deletionTimestamp"] is null)];

    /// <summary>As metrics-server would report it, every 2 s: the WordPress demand shared by its Running pods, at most 1 core each (the limit).</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var running = WordPressPods().Where(p => (string?)p["status"]?["phase"] == "Running").ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var p in running)
                Cluster.Api.Metrics.SetPod(SeedPreset.Namespace, (string)p["metadata"]!["name"]!,
                    [new ContainerUsage("wordpress", (long)Math.Min(1000, WordPressCores * 1000 / running.Count), 256L << 20)], now);
            try { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _load;
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        if (Service is not null) await Service.DisposeAsync();
        if (Cluster is not null) await Cluster.DisposeAsync();
        _stop.Dispose();
        try { Directory.Delete(CacheDir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
