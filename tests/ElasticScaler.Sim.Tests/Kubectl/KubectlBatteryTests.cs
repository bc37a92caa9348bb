using System.Text.Json;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;
using k8s;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Kubectl;

/// <summary>
/// The issue's kubectl battery: the real kubectl against an in-process sim, asserting what a real cluster prints.
/// Skipped only where no kubectl is on PATH.
/// </summary>
public sealed class KubectlBatteryTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private KubectlRunner K()
    {
        Skip.If(KubectlRunner.Find() is null, "kubectl is not on PATH; the kubectl battery needs the real kubectl (v1.32)");
        return new KubectlRunner(fx.Sim.AdminKubeconfigPath, fx.CacheDir);
    }

    private static string[] Columns(string header) => Regex.Split(header.Trim(), @"\s{2,}");

    private static KubectlResult Ok(KubectlResult r)
    {
        Assert.True(r.ExitCode == 0, $"kubectl exited {r.ExitCode}: {r.Output}");
        return r;
    }

    private string NewNamespace(KubectlRunner k)
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        Ok(k.Run("create", "namespace", ns));
        return ns;
    }

    private KubectlResult Apply(KubectlRunner k, string yaml, params string[] extra) =>
        Ok(k.RunWith(fx.Sim.AdminKubeconfigPath, yaml, ["apply", "-f", "-", .. extra]));

    [SkippableFact]
    public void Version_prints_the_server_version_that_pins_kubectl_1_32()
    {
        var r = Ok(K().Run("version"));
        Assert.Contains("Server Version: v1.32.4", r.Stdout);
    }

    [SkippableFact]
    public void Api_resources_lists_every_built_in_kind_with_short_names_and_scope()
    {
        var r = Ok(K().Run("api-resources"));
        Assert.Equal(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], Columns(r.Stdout.Split('\n')[0]));
        foreach (var line in new[]
        {
            @"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$", @"^pods\s+po\s+v1\s+true\s+Pod$", @"^nodes\s+no\s+v1\s+false\s+Node$",
            @"^leases\s+coordination\.k8s\.io/v1\s+true\s+Lease$", @"^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io/v1\s+false\s+CustomResourceDefinition$",
            @"^pods\s+metrics\.k8s\.io/v1beta1\s+true\s+PodMetrics$", @"^events\s+ev\s+events\.k8s\.io/v1\s+true\s+Event$",
            @"^selfsubjectaccessreviews\s+authorization\.k8s\.io/v1\s+false\s+SelfSubjectAccessReview$",
        })
            Assert.Matches(new Regex(line, RegexOptions.Multiline), r.Stdout);
    }

    [SkippableFact]
    public void Get_nodes_wide_shows_status_roles_version_addresses_and_node_info()
    {
        var k = K();
        Ok(k.Run("apply", "-f", SimFixture.Data("node.yaml")));
        var lines = Ok(k.Run("get", "nodes", "-o", "wide")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], Columns(lines[0]));
        var row = Columns(lines.Single(l => l.StartsWith("node-1", StringComparison.Ordinal)));
        Assert.Equal(["node-1", "Ready", "agent"], row[..3]);
        Assert.Equal(["v1.32.4", "10.0.0.2", "<none>", "Ubuntu 22.04", "6.1.0", "containerd://1.7.0"], row[4..]);
    }

    [SkippableFact]
    public void Get_pods_all_namespaces_wide_shows_the_namespace_and_wide_columns()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, Pod("p1", ns), "-n", ns);
        var lines = Ok(k.Run("get", "pods", "-A", "-o", "wide")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"], Columns(lines[0]));
        var row = Columns(lines.Single(l => l.StartsWith(ns, StringComparison.Ordinal)));
        Assert.Equal([ns, "p1", "0/1", "Pending", "0"], row[..5]);
        Assert.Equal(["<none>", "<none>", "<none>", "<none>"], row[6..]);
    }

    [SkippableFact]
    public async Task Get_pods_watch_prints_each_change_and_ends_at_the_request_timeout()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, Pod("w1", ns), "-n", ns);
        var watchersBefore = fx.Sim.Store.WatcherCount;
        var watch = Task.Run(() => k.Run("get", "pods", "-n", ns, "-w", "--request-timeout=8s"));
        using var client = fx.Admin();
        // The label change lands while the watch is open (kubectl lists first, then watches).
        for (var i = 0; i < 60 && !watch.IsCompleted && fx.Sim.Store.WatcherCount <= watchersBefore; i++)
            await Task.Delay(100);
        await client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), "w1", ns);
        var r = await watch;
        var rows = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], Columns(rows[0]));
        Assert.True(rows.Count(l => l.StartsWith("w1 ", StringComparison.Ordinal)) >= 2, r.Output);
    }

    [SkippableFact]
    public void Create_namespace_works_although_kubectl_sends_it_as_protobuf()
    {
        var k = K();
        var r = Ok(k.Run("create", "ns", "made-by-create"));
        Assert.Equal("namespace/made-by-create created", r.Stdout.Trim());
        Assert.Matches(@"made-by-create\s+Active", Ok(k.Run("get", "ns", "made-by-create")).Stdout);
    }

    [SkippableFact]
    public void Apply_of_a_deployment_creates_then_configures_with_strategic_merge_then_is_unchanged()
    {
        var k = K();
        var ns = NewNamespace(k);
        var yaml = File.ReadAllText(SimFixture.Data("deployment.yaml"));
        Assert.Equal("deployment.apps/web created", Apply(k, yaml, "-n", ns).Stdout.Trim());
        var changed = yaml.Replace("nginx:1.27", "nginx:1.28", StringComparison.Ordinal).Replace("        - {name: B, value: \"2\"}\n", "", StringComparison.Ordinal);
        Assert.Equal("deployment.apps/web configured", Apply(k, changed, "-n", ns).Stdout.Trim());
        Assert.Equal("deployment.apps/web unchanged", Apply(k, changed, "-n", ns).Stdout.Trim());
        var r = Ok(k.Run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name} {.metadata.generation}"));
        Assert.Equal("nginx:1.28 A 2", r.Stdout);
        var wide = Ok(k.Run("get", "deploy", "-n", ns, "-o", "wide")).Stdout.Split('\n');
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], Columns(wide[0]));
        Assert.Matches(@"^web\s+0/2\s+0\s+0\s+\S+\s+web\s+nginx:1\.28\s+app=web$", wide[1]);
    }

    [SkippableFact]
    public void A_CRD_serves_its_resource_with_printer_columns_short_names_defaults_and_server_side_apply()
    {
        var k = K();
        var ns = NewNamespace(k);
        Ok(k.Run("apply", "-f", SimFixture.Data("widget-crd.yaml")));
        Ok(k.Run("wait", "--for=condition=Established", "crd/widgets.scaling.example.com", "--timeout=10s"));
        Assert.Equal("widget.scaling.example.com/demo created", Ok(k.Run("apply", "-n", ns, "-f", SimFixture.Data("widget.yaml"))).Stdout.Trim());
        var lines = Ok(k.Run("get", "widgets", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "DESIRED", "MODE", "AGE"], Columns(lines[0]));
        Assert.Matches(@"^demo\s+2\s+Slow\s+\d+s$", lines[1]);
        Assert.Matches(@"^demo\s+2\s+Slow", Ok(k.Run("get", "wd", "-n", ns)).Stdout.Split('\n')[1]);
        var ssa = Ok(k.Run("apply", "--server-side", "-n", ns, "-f", SimFixture.Data("widget.yaml")));
        Assert.Equal("widget.scaling.example.com/demo serverside-applied", ssa.Stdout.Trim().Split('\n')[^1]);
        var changed = File.ReadAllText(SimFixture.Data("widget.yaml")).Replace("replicas: 2", "replicas: 4", StringComparison.Ordinal);
        Assert.Equal("widget.scaling.example.com/demo configured", Apply(k, changed, "-n", ns).Stdout.Trim());
        Assert.Equal("4", Ok(k.Run("get", "widget", "demo", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout);
    }

    [SkippableFact]
    public void Server_side_apply_after_client_side_apply_migrates_ownership_and_then_conflicts_only_with_other_managers()
    {
        var k = K();
        var ns = NewNamespace(k);
        var yaml = File.ReadAllText(SimFixture.Data("deployment.yaml"));
        Apply(k, yaml, "-n", ns);
        Assert.Equal("deployment.apps/web serverside-applied", Apply(k, yaml, "-n", ns, "--server-side").Stdout.Trim());
        var three = yaml.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal);
        Assert.Equal("deployment.apps/web serverside-applied", Apply(k, three, "-n", ns, "--server-side").Stdout.Trim());
        Ok(k.Run("scale", "deploy/web", "-n", ns, "--replicas=5"));
        var four = yaml.Replace("replicas: 2", "replicas: 4", StringComparison.Ordinal);
        var conflict = k.RunWith(fx.Sim.AdminKubeconfigPath, four, "apply", "-n", ns, "--server-side", "-f", "-");
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Matches("Apply failed with 1 conflict: conflict with \"[a-z-]+\" with subresource \"scale\" using apps/v1: \\.spec\\.replicas", conflict.Stderr);
        Assert.Equal("deployment.apps/web serverside-applied", Apply(k, four, "-n", ns, "--server-side", "--force-conflicts").Stdout.Trim());
        Assert.Equal("4", Ok(k.Run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout);
    }

    [SkippableFact]
    public void An_invalid_custom_resource_is_refused_with_the_schema_messages()
    {
        var k = K();
        var ns = NewNamespace(k);
        Ok(k.Run("apply", "-f", SimFixture.Data("widget-crd.yaml")));
        var bad = "apiVersion: scaling.example.com/v1alpha1\nkind: Widget\nmetadata: {name: bad}\nspec: {target: x, replicas: 500, mode: Medium}\n";
        var r = k.RunWith(fx.Sim.AdminKubeconfigPath, bad, "apply", "-n", ns, "-f", "-");
        Assert.NotEqual(0, r.ExitCode);
        // kubectl prints Invalid causes as a bullet list under "The <Kind> "<name>" is invalid:".
        Assert.Contains("The Widget \"bad\" is invalid:", r.Stderr);
        Assert.Contains("* spec.replicas: Invalid value: 500: spec.replicas in body should be less than or equal to 100", r.Stderr);
        Assert.Contains("* spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"", r.Stderr);
    }

    [SkippableFact]
    public void Describe_shows_the_deployment_and_its_events()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, File.ReadAllText(SimFixture.Data("deployment.yaml")), "-n", ns);
        var uid = Ok(k.Run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Stdout;
        Apply(k, Event(ns, "Deployment", "web", uid, "ScalingReplicaSet", "Scaled up replica set web-1 to 2"), "-n", ns);
        var r = Ok(k.Run("describe", "deploy", "web", "-n", ns));
        Assert.Matches(@"Replicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable", r.Stdout);
        Assert.Matches(@"Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-1 to 2", r.Stdout);
    }

    [SkippableFact]
    public void Scale_changes_replicas_of_a_deployment_and_of_a_custom_resource_through_scale()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, File.ReadAllText(SimFixture.Data("deployment.yaml")), "-n", ns);
        Assert.Equal("deployment.apps/web scaled", Ok(k.Run("scale", "deploy/web", "-n", ns, "--replicas=5")).Stdout.Trim());
        Assert.Equal("5 2", Ok(k.Run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} {.metadata.generation}")).Stdout);
        Ok(k.Run("apply", "-f", SimFixture.Data("widget-crd.yaml")));
        Ok(k.Run("apply", "-n", ns, "-f", SimFixture.Data("widget.yaml")));
        Assert.Equal("widget.scaling.example.com/demo scaled", Ok(k.Run("scale", "widget/demo", "-n", ns, "--replicas=7")).Stdout.Trim());
        Assert.Equal("7", Ok(k.Run("get", "widget", "demo", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout);
    }

    [SkippableFact]
    public void Patch_of_each_type_label_and_annotate_change_the_object()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, File.ReadAllText(SimFixture.Data("deployment.yaml")), "-n", ns);
        Ok(k.Run("patch", "deploy", "web", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}"));
        Ok(k.Run("patch", "deploy", "web", "-n", ns, "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nginx:2\"}]"));
        Ok(k.Run("patch", "deploy", "web", "-n", ns, "--type=strategic", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{\"name\":\"C\",\"value\":\"3\"}]}]}}}}"));
        Assert.Equal("deployment.apps/web labeled", Ok(k.Run("label", "deploy", "web", "-n", ns, "tier=front")).Stdout.Trim());
        Assert.Equal("deployment.apps/web annotated", Ok(k.Run("annotate", "deploy", "web", "-n", ns, "note=hi")).Stdout.Trim());
        var r = Ok(k.Run("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name} {.metadata.labels.tier} {.metadata.annotations.note}"));
        Assert.Equal("3 nginx:2 A B C front hi", r.Stdout);
        var widgetPatch = k.Run("patch", "deploy", "web", "-n", ns, "--type=json", "-p", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]");
        Assert.NotEqual(0, widgetPatch.ExitCode);
    }

    [SkippableFact]
    public void Delete_of_a_deployment_collects_its_replica_sets_and_pods()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, File.ReadAllText(SimFixture.Data("deployment.yaml")), "-n", ns);
        var deployUid = Ok(k.Run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Stdout;
        Apply(k, ReplicaSet("web-1", ns, deployUid), "-n", ns);
        var rsUid = Ok(k.Run("get", "rs", "web-1", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Stdout;
        Apply(k, Pod("web-1-a", ns, rsUid), "-n", ns);
        Assert.Equal("deployment.apps \"web\" deleted", Ok(k.Run("delete", "deploy", "web", "-n", ns)).Stdout.Trim());
        Assert.Equal("No resources found in " + ns + " namespace.", Ok(k.Run("get", "all", "-n", ns)).Output.Trim());
    }

    [SkippableFact]
    public void Auth_can_i_with_the_scaler_kubeconfig_follows_the_deploy_cluster_role()
    {
        var k = K();
        var ns = NewNamespace(k);
        Ok(k.Run("apply", "-f", Path.Combine(SimFixture.RepoRoot(), "deploy", "rbac")));
        var scaler = fx.Sim.ScalerKubeconfigPath;
        Assert.Equal("yes", Ok(k.RunWith(scaler, null, "auth", "can-i", "list", "pods", "-n", ns)).Stdout.Trim());
        Assert.Equal("yes", Ok(k.RunWith(scaler, null, "auth", "can-i", "patch", "deployments", "--subresource=scale", "-n", ns)).Stdout.Trim());
        var no = k.RunWith(scaler, null, "auth", "can-i", "delete", "pods", "-n", ns); // the twin design deletes no pod itself
        Assert.Equal((1, "no"), (no.ExitCode, no.Stdout.Trim()));
        var forbidden = k.RunWith(scaler, null, "get", "secrets", "-n", ns);
        Assert.Contains($"Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:elasticscaler:elasticscaler\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", forbidden.Stderr);
    }

    [SkippableFact]
    public void Auth_whoami_names_the_identity_behind_each_kubeconfig()
    {
        var k = K();
        Assert.Matches(@"Username\s+kubernetes-admin", Ok(k.Run("auth", "whoami")).Stdout);
        var scaler = Ok(k.RunWith(fx.Sim.ScalerKubeconfigPath, null, "auth", "whoami")).Stdout;
        Assert.Matches(@"Username\s+system:serviceaccount:elasticscaler:elasticscaler", scaler);
        Assert.Contains("system:serviceaccounts:elasticscaler", scaler);
    }

    [SkippableFact]
    public async Task Get_raw_metrics_and_top_show_the_samples_set_for_running_pods_and_nodes()
    {
        var k = K();
        var ns = NewNamespace(k);
        Ok(k.Run("apply", "-f", SimFixture.Data("node.yaml")));
        Apply(k, Pod("m1", ns), "-n", ns);
        using var client = fx.Admin();
        await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Running\"}}", V1Patch.PatchType.MergePatch), "m1", ns);
        fx.Sim.SetPodMetrics(ns, "m1", new ContainerUsage("app", 150, 64 * 1024 * 1024));
        fx.Sim.SetNodeMetrics("node-1", 1250, 2L * 1024 * 1024 * 1024);
        var raw = Ok(k.Run("get", "--raw", $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods")).Stdout;
        Assert.Contains("\"kind\":\"PodMetricsList\"", raw);
        Assert.Contains("\"usage\":{\"cpu\":\"150000000n\",\"memory\":\"65536Ki\"}", raw);
        var top = Ok(k.Run("top", "pods", "-n", ns)).Stdout.Split('\n');
        Assert.Equal(["NAME", "CPU(cores)", "MEMORY(bytes)"], Columns(top[0]));
        Assert.Equal(["m1", "150m", "64Mi"], Columns(top[1]));
        var table = Ok(k.Run("get", "podmetrics", "-n", ns)).Stdout.Split('\n');
        Assert.Equal(["NAME", "CPU", "MEMORY", "WINDOW"], Columns(table[0]));
        Assert.Equal(["m1", "150000000n", "65536Ki", "15s"], Columns(table[1]));
        var nodes = Ok(k.Run("top", "nodes")).Stdout.Split('\n');
        Assert.Equal(["node-1", "1250m", "32%", "2048Mi", "13%"], Columns(nodes.Single(l => l.StartsWith("node-1", StringComparison.Ordinal))));
    }

    [SkippableFact]
    public void Get_raw_reads_custom_and_external_metrics_and_discovery_lists_their_groups()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, Pod("c1", ns), "-n", ns);
        Apply(k, Pod("c2", ns), "-n", ns);
        fx.Sim.SetCustomMetric(ns, "pods", "c1", "http_requests_per_second", 1.5m, windowSeconds: 15);
        fx.Sim.SetCustomMetric(ns, "pods", "c2", "http_requests_per_second", 2m, windowSeconds: 15);
        fx.Sim.SetExternalMetric(ns, "queue_depth", new ExternalSeries(new Dictionary<string, string> { ["queue"] = "orders" }, 42m),
            new ExternalSeries(new Dictionary<string, string> { ["queue"] = "audit" }, 3m));

        var versions = Ok(k.Run("api-versions")).Stdout.Split('\n');
        Assert.Contains("custom.metrics.k8s.io/v1beta2", versions);
        Assert.Contains("external.metrics.k8s.io/v1beta1", versions);
        var discovery = JsonDocument.Parse(Ok(k.Run("get", "--raw", "/apis/custom.metrics.k8s.io/v1beta2")).Stdout).RootElement;
        Assert.Contains("pods/http_requests_per_second", discovery.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        var pods = JsonDocument.Parse(Ok(k.Run("get", "--raw", $"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{ns}/pods/*/http_requests_per_second")).Stdout).RootElement;
        Assert.Equal([("c1", "1500m"), ("c2", "2")], pods.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("describedObject").GetProperty("name").GetString(), i.GetProperty("value").GetString())));
        var external = JsonDocument.Parse(Ok(k.Run("get", "--raw", $"/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/queue_depth?labelSelector=queue%3Dorders")).Stdout).RootElement;
        Assert.Equal("42", external.GetProperty("items").EnumerateArray().Single().GetProperty("value").GetString());

        var missing = k.Run("get", "--raw", $"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{ns}/pods/*/queue_length");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): the server could not find the metric queue_length for pods", missing.Stderr);
        // Custom metrics are subresources in discovery, so api-resources lists none of them (but every kind still);
        // an external metric is a resource of its own, as on a cluster with KEDA or prometheus-adapter.
        var resources = Ok(k.Run("api-resources")).Stdout;
        Assert.Matches(new Regex(@"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$", RegexOptions.Multiline), resources);
        Assert.Matches(new Regex(@"^queue_depth\s+external\.metrics\.k8s\.io/v1beta1\s+true\s+ExternalMetricValueList$", RegexOptions.Multiline), resources);
        Assert.DoesNotMatch(new Regex(@"\sMetricValueList$", RegexOptions.Multiline), resources);
    }

    [SkippableFact]
    public void Get_events_shows_last_seen_type_reason_object_and_message()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, Event(ns, "Pod", "p1", "u1", "Scheduled", "Successfully assigned p1 to node-1"), "-n", ns);
        var lines = Ok(k.Run("get", "events", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], Columns(lines[0]));
        Assert.Equal(["Normal", "Scheduled", "pod/p1", "Successfully assigned p1 to node-1"], Columns(lines[1])[1..]);
    }

    [SkippableFact]
    public void Wait_for_a_condition_returns_once_the_status_has_it()
    {
        var k = K();
        var ns = NewNamespace(k);
        Apply(k, File.ReadAllText(SimFixture.Data("deployment.yaml")), "-n", ns);
        Ok(k.Run("patch", "deploy", "web", "-n", ns, "--subresource=status", "--type=merge", "-p",
            "{\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\"}]}}"));
        Assert.Equal("deployment.apps/web condition met", Ok(k.Run("wait", "--for=condition=Available", "deploy/web", "-n", ns, "--timeout=10s")).Stdout.Trim());
    }

    [SkippableFact]
    public async Task An_elasticscaler_prints_its_crd_columns_and_describe_shows_the_events_a_recorder_created_and_counted()
    {
        var k = K();
        var ns = NewNamespace(k);
        Ok(k.Run("apply", "-f", Path.Combine(SimFixture.RepoRoot(), "deploy", "crd")));
        Ok(k.Run("wait", "--for=condition=Established", "crd/elasticscalers.autoscaling.elasticscaler.io", "--timeout=10s"));
        var sample = File.ReadAllText(Path.Combine(SimFixture.RepoRoot(), "deploy", "samples", "wordpress-elasticscaler.yaml"))
            .Replace("namespace: wordpress", "namespace: " + ns, StringComparison.Ordinal);
        Assert.Equal("elasticscaler.autoscaling.elasticscaler.io/wordpress created", Apply(k, sample).Stdout.Trim());
        using var client = fx.Admin();
        const string Group = "autoscaling.elasticscaler.io", Version = "v1alpha1", Plural = "elasticscalers";
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("{\"status\":{\"desiredReplicas\":30,\"ecsReplicas\":22,\"eciReplicas\":8}}", V1Patch.PatchType.MergePatch),
            Group, Version, ns, Plural, "wordpress");
        var lines = Ok(k.Run("get", "es", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "MIN", "MAX", "DESIRED", "ECS", "ECI", "AGE"], Columns(lines[0]));
        Assert.Matches(@"^wordpress\s+22\s+100\s+30\s+22\s+8\s+\d+s$", lines[1]);

        // What client-go's recorder does (a C# service does the same by hand): create the Event about the custom
        // resource, then on a repeat PATCH count and lastTimestamp (strategic merge as client-go, or merge).
        var es = System.Text.Json.JsonSerializer.SerializeToElement(await client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "wordpress"));
        var involved = new V1ObjectReference
        {
            ApiVersion = Group + "/" + Version, Kind = "ElasticScaler", Name = "wordpress", NamespaceProperty = ns,
            Uid = es.GetProperty("metadata").GetProperty("uid").GetString(), ResourceVersion = es.GetProperty("metadata").GetProperty("resourceVersion").GetString(),
        };
        var first = DateTime.UtcNow.AddMinutes(-3);
        foreach (var (name, reason, message, patchType) in new[]
        {
            ("wordpress.a", "SuccessfulRescale", "New size: 30; reason: cpu resource utilization (percentage of request) above target", V1Patch.PatchType.StrategicMergePatch),
            ("wordpress.b", "EciBurst", "Placed 8 replicas on ECI: no ECS capacity", V1Patch.PatchType.MergePatch),
        })
        {
            await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name },
                InvolvedObject = involved, Reason = reason, Message = message, Type = "Normal", Count = 1,
                Source = new V1EventSource { Component = "elasticscaler" }, FirstTimestamp = first, LastTimestamp = first,
                ReportingComponent = "elasticscaler", ReportingInstance = "elasticscaler-0",
            }, ns);
            var bumped = await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(
                $"{{\"count\":2,\"lastTimestamp\":\"{DateTime.UtcNow.AddSeconds(-5):yyyy-MM-ddTHH:mm:ssZ}\"}}", patchType), name, ns);
            Assert.Equal((2, reason), (bumped.Count, bumped.Reason));
        }
        var described = Ok(k.Run("describe", "es", "wordpress", "-n", ns)).Stdout;
        Assert.Matches(@"Kind:\s+ElasticScaler", described);
        Assert.Matches(@"Events:\s*\n\s+Type\s+Reason\s+Age\s+From\s+Message", described);
        Assert.Matches(@"Normal\s+SuccessfulRescale\s+\d+s \(x2 over 3m\d*s?\)\s+elasticscaler\s+New size: 30; reason: cpu resource utilization", described);
        Assert.Matches(@"Normal\s+EciBurst\s+\d+s \(x2 over 3m\d*s?\)\s+elasticscaler\s+Placed 8 replicas on ECI", described);
    }

    [SkippableFact]
    public void Explain_describes_a_CRD_field_from_its_schema()
    {
        var k = K();
        Ok(k.Run("apply", "-f", SimFixture.Data("widget-crd.yaml")));
        var r = Ok(k.Run("explain", "widgets.spec.replicas"));
        Assert.Contains("KIND:       Widget", r.Stdout);
        Assert.Contains("FIELD: replicas <integer>", r.Stdout);
        Assert.Contains("How many copies.", r.Stdout);
    }

    private static string Pod(string name, string ns, string? ownerRsUid = null) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: web}
        {{(ownerRsUid is null ? "" : $"  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: {ownerRsUid}, controller: true, blockOwnerDeletion: true}}]")}}
        spec:
          containers:
          - name: app
            image: nginx
            resources:
              requests:
                cpu: 100m
        """;

    private static string ReplicaSet(string name, string ns, string ownerUid) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: {{ownerUid}}, controller: true, blockOwnerDeletion: true}]
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx
        """;

    private static string Event(string ns, string kind, string name, string uid, string reason, string message) => $$"""
        apiVersion: v1
        kind: Event
        metadata: {name: {{name}}.{{Guid.NewGuid().ToString("N")[..16]}}, namespace: {{ns}}}
        involvedObject: {kind: {{kind}}, namespace: {{ns}}, name: {{name}}, uid: "{{uid}}"}
        reason: {{reason}}
        message: {{message}}
        source: {component: deployment-controller}
        firstTimestamp: "{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"
        lastTimestamp: "{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"
        count: 1
        type: Normal
        """;
}
