using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Import;
using ElasticScaler.Autoscaler.Import.Sources;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SimUsage = ElasticScaler.Sim.Api.ContainerUsage;

namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>
/// <c>import --from-cluster --apply --delete-source</c> against the simulated cluster in process, on one fake clock
/// with the ElasticScaler service: the HPA, CronHPA and ScaledObject are deleted only once their ElasticScaler
/// reports ScalingActive=True; without the service nothing is deleted and the command fails after its timeout.
/// </summary>
[Collection(nameof(ImportClusterTests))]
public sealed class ImportClusterTests : IAsyncLifetime
{
    private const string Ns = "wordpress";
    private FakeTimeProvider _time = null!;
    private SimulatedCluster _cluster = null!;
    private CancellationTokenSource _stop = new();
    private ScalerController? _service;
    private Task _serviceRun = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        _cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Sim = new SimOptions { Time = _time }, Preset = "seed", RunControllers = false });
        _cluster.Settle();
        Create(Path.Combine(RepoPaths.Root, "deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        Create(Path.Combine(RepoPaths.Root, "deploy", "rbac", "service-account.yaml"));
        Create(Path.Combine(RepoPaths.Root, "deploy", "rbac", "cluster-role.yaml"));
        Create(ImportRun.Data("crds/cronhorizontalpodautoscalers.yaml"));
        Create(ImportRun.Data("crds/scaledobjects.yaml"));
        // WordPress at 10, so both workloads fit on ECS whatever window is in force; and a second workload for the
        // ScaledObject: the seed's WordPress under another name.
        var wordpress = _cluster.Api.Resources.Get(_cluster.Context.Deployments, Ns, "wordpress");
        wordpress["spec"]!["replicas"] = 10;
        _cluster.Api.Resources.Update(_cluster.Context.Deployments, Ns, "wordpress", wordpress);
        _cluster.Settle();
        var api = _cluster.Api.Resources.Get(_cluster.Context.Deployments, Ns, "wordpress").DeepClone().AsObject();
        api["metadata"] = new JsonObject { ["name"] = "api", ["namespace"] = Ns, ["labels"] = new JsonObject { ["app"] = "api" } };
        api["spec"]!["replicas"] = 2;
        api["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "api" } };
        api["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["app"] = "api" };
        api.Remove("status");
        _cluster.Api.Resources.Create(_cluster.Context.Deployments, Ns, api);
        Create(ImportRun.Data("cluster-sources.yaml"));
        _cluster.Settle();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _serviceRun.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (OperationCanceledException) { }
        _service?.Dispose();
        await _cluster.DisposeAsync();
        _stop.Dispose();
    }

    private void Create(string file)
    {
        var (docs, error) = DocumentReader.Read(File.ReadAllText(file), file);
        Assert.Null(error);
        foreach (var d in docs)
        {
            var type = _cluster.Api.Registry.FindByKind((string)d.Object["apiVersion"]!, (string)d.Object["kind"]!)
                       ?? throw new InvalidOperationException($"{file}: the sim serves no {d.Object["kind"]}");
            var ns = (string?)d.Object["metadata"]?["namespace"] ?? (type.Namespaced ? "default" : "");
            // As an admin's kubectl create would: what the seed already has (the scaler's namespace) stays.
            if (_cluster.Api.Resources.TryGet(type, ns, (string)d.Object["metadata"]!["name"]!) is null) _cluster.Api.Resources.Create(type, ns, d.Object);
        }
    }

    private async Task StartServiceAsync()
    {
        var options = new ControllerOptions { Kubeconfig = _cluster.Api.ScalerKubeconfigPath, Workers = 2, MetricsPort = 0 };
        var metrics = new ServiceMetrics();
        _service = new ScalerController(ElasticScaler.Service.Hosting.KubeClientFactory.Create(options, metrics), options, _time, NullLoggerFactory.Instance, metrics, "import-test");
        _serviceRun = _service.RunAsync(_stop.Token);
        await _service.View.Synced.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private ResourceType Kind(string apiVersion, string kind) => _cluster.Api.Registry.FindByKind(apiVersion, kind)!;

    private JsonObject? Get(string apiVersion, string kind, string name) => _cluster.Api.Resources.TryGet(Kind(apiVersion, kind), Ns, name);

    private bool SourcesExist() =>
        Get("autoscaling/v2", "HorizontalPodAutoscaler", "wordpress") is not null
        && Get("autoscaling.alibabacloud.com/v1beta1", "CronHorizontalPodAutoscaler", "wordpress-cron") is not null
        && Get("keda.sh/v1alpha1", "ScaledObject", "api") is not null;

    private string? ScalingActive(string name) =>
        (Get("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler", name)?["status"]?["conditions"] as JsonArray)?
            .FirstOrDefault(c => (string?)c?["type"] == "ScalingActive")?["status"]?.GetValue<string>();

    /// <summary>Every pod of the namespace reports half its CPU request, as metrics-server would.</summary>
    private void PublishUsage()
    {
        var pods = _cluster.Api.Resources.List(_cluster.Context.Pods, Ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.Parse());
        foreach (var p in pods.Where(p => (string?)p["status"]?["phase"] == "Running"))
            _cluster.Api.Metrics.SetPod(Ns, (string)p["metadata"]!["name"]!, [new SimUsage((string)p["spec"]!["containers"]![0]!["name"]!, 150, 256L << 20)], _time.GetUtcNow());
    }

    /// <summary>Runs import while the fake clock moves a second at a time (metrics every 15 s), until it ends.</summary>
    private async Task<ImportRun> RunWhileTimePassesAsync(ImportCommand.Request request, Func<bool>? beforeEachSecond = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var import = Task.Run(() => ImportCommand.RunAsync(request, new StringReader(""), stdout, stderr, _time, CancellationToken.None));
        for (int second = 0; !import.IsCompleted && second < 400; second++)
        {
            Assert.True(beforeEachSecond?.Invoke() ?? true, "a check failed while import ran:\n" + stderr);
            if (second % 15 == 0) PublishUsage();
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromSeconds(1));
            _cluster.Settle();
        }
        var exit = await import.WaitAsync(TimeSpan.FromSeconds(30));
        var (docs, _) = DocumentReader.Read(stdout.ToString(), "stdout");
        return new ImportRun(exit, stdout.ToString(), stderr.ToString(), [.. docs.Select(d => d.Object)]);
    }

    private ImportCommand.Request Request(bool delete, string wait = "2m") => new()
    {
        FromCluster = true,
        Kubeconfig = _cluster.Api.AdminKubeconfigPath,
        Apply = true,
        DeleteSource = delete,
        WaitTimeout = wait,
    };

    [Fact]
    public async Task Sources_are_deleted_only_after_their_ElasticScaler_reports_ScalingActive()
    {
        await StartServiceAsync();

        // While the sources exist, each one's ElasticScaler must not be inactive-yet-deleted.
        var run = await RunWhileTimePassesAsync(Request(delete: true), beforeEachSecond: () =>
            (Get("autoscaling/v2", "HorizontalPodAutoscaler", "wordpress") is not null || ScalingActive("wordpress") == "True")
            && (Get("keda.sh/v1alpha1", "ScaledObject", "api") is not null || ScalingActive("api") == "True"));

        Assert.True(run.Exit == 0, run.Err + "\npods: " + string.Join(", ", _cluster.Api.Resources.List(_cluster.Context.Pods, Ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.Parse()).Select(p => $"{p["metadata"]!["name"]}={p["status"]?["phase"]}")));
        Assert.Equal(["wordpress", "api"], run.Objects.Select(o => (string)o["metadata"]!["name"]!).Order().Reverse());
        Assert.Contains("applied: ElasticScaler wordpress/wordpress: created", run.Err);
        Assert.Contains("deleted: CronHorizontalPodAutoscaler wordpress/wordpress-cron: ElasticScaler wordpress/wordpress reports ScalingActive=True", run.Err);
        Assert.Contains("deleted: ScaledObject wordpress/api (KEDA removes the HPA it made for it)", run.Err);
        Assert.Null(Get("autoscaling/v2", "HorizontalPodAutoscaler", "wordpress"));
        Assert.Null(Get("autoscaling.alibabacloud.com/v1beta1", "CronHorizontalPodAutoscaler", "wordpress-cron"));
        Assert.Null(Get("keda.sh/v1alpha1", "ScaledObject", "api"));
        Assert.Equal("True", ScalingActive("wordpress"));
        Assert.Equal("True", ScalingActive("api"));
        var es = Get("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler", "wordpress")!;
        Assert.Equal(12, (int)es["spec"]!["schedules"]![0]!["minReplicas"]!);
        Assert.Contains(es["metadata"]!["managedFields"]!.AsArray(), m => (string?)m!["manager"] == "elasticscaler-import");
    }

    [Fact]
    public async Task Without_the_service_nothing_is_deleted_and_the_command_fails_after_its_timeout()
    {
        var started = _time.GetUtcNow();
        var run = await RunWhileTimePassesAsync(Request(delete: true, wait: "10s"));

        Assert.Equal(1, run.Exit);
        Assert.True(_time.GetUtcNow() - started >= TimeSpan.FromSeconds(10), "it gave up before its timeout");
        Assert.True(SourcesExist(), run.Err);
        Assert.Contains("waiting: ElasticScaler wordpress/wordpress: no status yet", run.Err);
        Assert.Contains("not deleted: HorizontalPodAutoscaler wordpress/wordpress, CronHorizontalPodAutoscaler wordpress/wordpress-cron: " +
                        "ElasticScaler wordpress/wordpress did not report ScalingActive=True within 00:00:10", run.Err);
        Assert.DoesNotContain("deleted: ", run.Err.Replace("not deleted: ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_twice_changes_nothing_the_second_time()
    {
        var first = await RunWhileTimePassesAsync(Request(delete: false));
        var version = (string?)Get("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler", "wordpress")!["metadata"]!["resourceVersion"];
        var second = await RunWhileTimePassesAsync(Request(delete: false));

        Assert.True(first.Exit == 0, first.Err);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("applied: ElasticScaler wordpress/api: created", first.Err);
        Assert.Contains("applied: ElasticScaler wordpress/api: unchanged", second.Err);
        Assert.Contains("applied: ElasticScaler wordpress/wordpress: unchanged", second.Err);
        Assert.Equal(version, (string?)Get("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler", "wordpress")!["metadata"]!["resourceVersion"]);
        Assert.Equal(first.Out, second.Out);
        Assert.True(SourcesExist());
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_2()
    {
        var kubeconfig = File.ReadAllText(_cluster.Api.AdminKubeconfigPath);
        var port = new Uri(System.Text.RegularExpressions.Regex.Match(kubeconfig, @"server:\s*(\S+)").Groups[1].Value).Port;
        var broken = Path.Combine(Path.GetTempPath(), $"es-import-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(broken, kubeconfig.Replace($":{port}", ":1", StringComparison.Ordinal));

        var run = await RunWhileTimePassesAsync(Request(delete: false) with { Kubeconfig = broken });

        Assert.Equal(2, run.Exit);
        Assert.Contains("error: cluster: cannot list the sources", run.Err);
    }
}

[CollectionDefinition(nameof(ImportClusterTests), DisableParallelization = true)]
public sealed class ImportClusterCollection;
