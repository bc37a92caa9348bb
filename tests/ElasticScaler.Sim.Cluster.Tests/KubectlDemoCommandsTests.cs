using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>One cluster on the system clock with its controllers running and no start-up delay, for the kubectl tests.</summary>
public sealed class RunningClusterFixture : IAsyncLifetime
{
    public SimulatedCluster Cluster { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    private string _cache = "";

    public async Task InitializeAsync()
    {
        Cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Pools = [new NodePool { Name = "np", Count = 2, CpuMillis = 8000 }],
            Kubelet = new KubeletTiming { EcsStartupDelay = TimeSpan.Zero, Jitter = 0, ShutdownDuration = TimeSpan.FromMilliseconds(200) },
        });
        _cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        Kubectl = new Kubectl(Cluster.Api.AdminKubeconfigPath, _cache);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }
}

/// <summary>
/// What a person following the demo types, with the real kubectl: the generators' protobuf bodies (create deployment,
/// create service, create secret|serviceaccount|role|rolebinding, debug node) and the JSON ones (expose, run) make the
/// objects with every field they set, the Deployment's pods are scheduled and run, and the objects read back.
/// </summary>
public sealed class KubectlDemoCommandsTests(RunningClusterFixture fx) : IClassFixture<RunningClusterFixture>
{
    private Kubectl K()
    {
        Skip.If(Kubectl.Path is null, "kubectl is not on PATH");
        return fx.Kubectl;
    }

    private static string Namespace(Kubectl k)
    {
        var ns = "demo-" + Guid.NewGuid().ToString("N")[..6];
        k.Ok("create", "namespace", ns);
        return ns;
    }

    private static JsonNode Json(Kubectl k, params string[] args) => JsonNode.Parse(k.Ok([.. args, "-o", "json"]))!;

    private static void JsonEqual(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => (string?)v ?? "")];

    [SkippableFact]
    public void Create_deployment_makes_the_deployment_kubectl_describes_and_its_three_pods_run()
    {
        var k = K();
        var ns = Namespace(k);
        Assert.Equal("deployment.apps/web created", k.Ok("create", "deployment", "web", "--image=nginx", "--replicas=3", "-n", ns).Trim());
        k.Ok("rollout", "status", "deploy/web", "-n", ns, "--timeout=30s");
        var d = Json(k, "get", "deploy", "web", "-n", ns);
        Assert.Equal(3, (int)d["spec"]!["replicas"]!);
        Assert.Equal("web", (string?)d["metadata"]!["labels"]!["app"]);
        Assert.Equal("web", (string?)d["spec"]!["selector"]!["matchLabels"]!["app"]);
        Assert.Equal("web", (string?)d["spec"]!["template"]!["metadata"]!["labels"]!["app"]);
        var container = d["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(("nginx", "nginx"), ((string?)container["name"], (string?)container["image"]));
        JsonEqual("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", d["spec"]!["strategy"]!);
        Assert.Equal(3, (int)d["status"]!["readyReplicas"]!);
        var nodes = k.Ok("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}").Split(' ');
        var pods = Json(k, "get", "pods", "-n", ns, "-l", "app=web")["items"]!.AsArray();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Running", (string?)p!["status"]!["phase"]);
            Assert.Contains((string?)p["spec"]!["nodeName"], nodes);
            Assert.Equal("ReplicaSet", (string?)p["metadata"]!["ownerReferences"]![0]!["kind"]);
        });
    }

    [SkippableFact]
    public void Create_deployment_with_a_port_and_a_command_keeps_both_and_dry_run_server_prints_without_creating()
    {
        var k = K();
        var ns = Namespace(k);
        k.Ok("create", "deployment", "api", "--image=nginx:1.27", "--port=8080", "--replicas=2", "-n", ns);
        var ports = Json(k, "get", "deploy", "api", "-n", ns)["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!;
        JsonEqual("""[{"containerPort":8080}]""", ports);
        k.Ok("create", "deployment", "sleeper", "--image=busybox", "-n", ns, "--", "sleep", "3600");
        Assert.Equal(["sleep", "3600"], Strings(Json(k, "get", "deploy", "sleeper", "-n", ns)["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]));
        var dry = k.Ok("create", "deployment", "dry", "--image=nginx", "--dry-run=server", "-o", "yaml", "-n", ns);
        Assert.Contains("kind: Deployment", dry, StringComparison.Ordinal);
        Assert.Contains("name: dry", dry, StringComparison.Ordinal);
        Assert.Contains("uid: ", dry, StringComparison.Ordinal);
        var (exit, _, err) = k.Run("get", "deploy", "dry", "-n", ns);
        Assert.Equal((1, "Error from server (NotFound): deployments.apps \"dry\" not found"), (exit, err.Trim()));
    }

    [SkippableFact]
    public void Expose_and_create_service_make_services_with_ports_selectors_and_a_cluster_ip()
    {
        var k = K();
        var ns = Namespace(k);
        k.Ok("create", "deployment", "web", "--image=nginx", "-n", ns);
        Assert.Equal("service/web exposed", k.Ok("expose", "deployment", "web", "--port=80", "--target-port=8080", "-n", ns).Trim());
        var svc = Json(k, "get", "svc", "web", "-n", ns)["spec"]!;
        JsonEqual("""[{"port":80,"protocol":"TCP","targetPort":8080}]""", svc["ports"]!);
        Assert.Equal("web", (string?)svc["selector"]!["app"]);
        Assert.Equal("ClusterIP", (string?)svc["type"]);
        Assert.Matches(@"^10\.96\.\d+\.\d+$", (string?)svc["clusterIP"]);
        Assert.Equal("service/c1 created", k.Ok("create", "service", "clusterip", "c1", "--tcp=80:8080", "-n", ns).Trim());
        var c1 = Json(k, "get", "svc", "c1", "-n", ns)["spec"]!;
        JsonEqual("""[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}]""", c1["ports"]!);
        Assert.Equal("c1", (string?)c1["selector"]!["app"]);
        k.Ok("create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080", "-n", ns);
        Assert.Equal(30080, (int)Json(k, "get", "svc", "np", "-n", ns)["spec"]!["ports"]![0]!["nodePort"]!);
        k.Ok("create", "service", "clusterip", "hl", "--clusterip=None", "-n", ns);
        Assert.Equal("None", (string?)Json(k, "get", "svc", "hl", "-n", ns)["spec"]!["clusterIP"]);
        Assert.Matches(@"web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80/TCP", k.Ok("get", "svc", "-n", ns));
    }

    [SkippableFact]
    public void Run_makes_a_pod_with_its_flags_that_runs_and_logs_its_start()
    {
        var k = K();
        var ns = Namespace(k);
        Assert.Equal("pod/tmp created", k.Ok("run", "tmp", "--image=busybox", "-n", ns, "--", "sleep", "3600").Trim());
        k.Ok("run", "full", "--image=busybox", "--port=8080", "--env=MODE=demo", "--labels=app=full,tier=web", "--restart=Never", "-n", ns,
            "--command", "--", "sleep", "10");
        k.Ok("wait", "--for=condition=Ready", "pod/tmp", "pod/full", "-n", ns, "--timeout=30s");
        var tmp = Json(k, "get", "pod", "tmp", "-n", ns);
        Assert.Equal(["sleep", "3600"], Strings(tmp["spec"]!["containers"]![0]!["args"]));
        Assert.Equal("tmp", (string?)tmp["metadata"]!["labels"]!["run"]);
        var full = Json(k, "get", "pod", "full", "-n", ns);
        var c = full["spec"]!["containers"]![0]!;
        Assert.Equal(["sleep", "10"], Strings(c["command"]));
        JsonEqual("""[{"name":"MODE","value":"demo"}]""", c["env"]!);
        Assert.Equal(8080, (int)c["ports"]![0]!["containerPort"]!);
        Assert.Equal("Never", (string?)full["spec"]!["restartPolicy"]);
        Assert.Equal(("full", "web"), ((string?)full["metadata"]!["labels"]!["app"], (string?)full["metadata"]!["labels"]!["tier"]));
        var node = (string?)tmp["spec"]!["nodeName"];
        Assert.Equal($"started container tmp (image busybox) on node {node}", k.Ok("logs", "tmp", "-n", ns).Trim());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z started container tmp", k.Ok("logs", "tmp", "-n", ns, "--timestamps"));
        var (exit, _, err) = k.Run("logs", "tmp", "-n", ns, "-c", "nope");
        Assert.Equal((1, "error: container nope is not valid for pod tmp"), (exit, err.Trim()));
        Assert.Contains("Started container tmp", k.Ok("describe", "pod", "tmp", "-n", ns), StringComparison.Ordinal);
        Assert.Matches(@"Normal\s+Started\s+pod/tmp\s+Started container tmp", k.Ok("get", "events", "-n", ns));
    }

    [SkippableFact]
    public void Create_secret_serviceaccount_role_and_rolebinding_from_protobuf_read_back_with_their_fields()
    {
        var k = K();
        var ns = Namespace(k);
        k.Ok("create", "secret", "generic", "creds", "--from-literal=user=admin", "-n", ns);
        Assert.Equal("admin", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(k.Ok("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.data.user}"))));
        Assert.Equal("Opaque", k.Ok("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.type}"));
        Assert.Equal("serviceaccount/reader created", k.Ok("create", "serviceaccount", "reader", "-n", ns).Trim());
        k.Ok("create", "role", "log-reader", "--verb=get", "--resource=pods,pods/log", "-n", ns);
        JsonEqual("""[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get"]}]""", Json(k, "get", "role", "log-reader", "-n", ns)["rules"]!);
        k.Ok("create", "rolebinding", "reader", "--role=log-reader", $"--serviceaccount={ns}:reader", "-n", ns);
        var binding = Json(k, "get", "rolebinding", "reader", "-n", ns);
        JsonEqual($$"""[{"kind":"ServiceAccount","name":"reader","namespace":"{{ns}}"}]""", binding["subjects"]!);
        Assert.Equal("yes", k.Ok("auth", "can-i", "get", "pods", "--subresource=log", "-n", ns, $"--as=system:serviceaccount:{ns}:reader").Trim());
    }

    [SkippableFact]
    public void Debug_node_creates_a_host_pod_on_that_node()
    {
        var k = K();
        var node = k.Ok("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}");
        var output = k.Ok("debug", $"node/{node}", "--image=busybox", "--profile=general");
        var pod = System.Text.RegularExpressions.Regex.Match(output, @"Creating debugging pod (\S+)").Groups[1].Value;
        var json = Json(k, "get", "pod", pod);
        Assert.Equal(node, (string?)json["spec"]!["nodeName"]);
        Assert.True((bool)json["spec"]!["hostPID"]!);
        Assert.Equal("/", (string?)json["spec"]!["volumes"]![0]!["hostPath"]!["path"]);
        k.Ok("delete", "pod", pod, "--wait=false");
    }
}

/// <summary>kubectl logs on pods that are not running yet, on a cluster whose clock stands still until the test moves it.</summary>
public sealed class KubectlLogsOfPendingPodsTests
{
    [SkippableFact]
    public async Task Logs_of_a_starting_pod_is_the_kubelets_400_and_of_an_unscheduled_pod_is_empty_until_it_runs()
    {
        Skip.If(Kubectl.Path is null, "kubectl is not on PATH");
        var (cluster, time) = await ClusterFixture.Start(tls: true);
        await using var _ = cluster;
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        try
        {
            var k = new Kubectl(cluster.Api.AdminKubeconfigPath, cache);
            k.Ok("run", "starting", "--image=nginx");
            k.Ok("run", "nowhere", "--image=nginx", "--overrides={\"spec\":{\"nodeSelector\":{\"disk\":\"none-has-it\"}}}");
            cluster.Settle();
            var (exit, _, err) = k.Run("logs", "starting");
            Assert.Equal((1, "Error from server (BadRequest): container \"starting\" in pod \"starting\" is waiting to start: ContainerCreating"), (exit, err.Trim()));
            Assert.Equal((0, "", ""), k.Run("logs", "nowhere"));
            cluster.Run(time, TimeSpan.FromSeconds(5));
            Assert.StartsWith("started container starting (image nginx) on node ", k.Ok("logs", "starting"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
