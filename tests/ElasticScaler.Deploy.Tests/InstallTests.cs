using System.Text.RegularExpressions;

namespace ElasticScaler.Deploy.Tests;

/// <summary>deploy/ installed with the real kubectl on the simulated cluster, and the service run as its Deployment says (see <see cref="InstalledCluster"/>).</summary>
[Collection(nameof(InstalledCollection))]
public sealed class InstallTests(InstalledCluster cluster)
{
    private void SkipWithoutKubectl() => Skip.If(cluster.Skipped, Kubectl.Missing);

    [SkippableFact]
    public void Apply_k_creates_the_base_and_each_overlay_configures_only_the_deployment()
    {
        SkipWithoutKubectl();
        var first = cluster.Printed("deploy");
        foreach (var line in new[]
        {
            "customresourcedefinition.apiextensions.k8s.io/elasticscalers.autoscaling.elasticscaler.io created",
            "clusterrole.rbac.authorization.k8s.io/elasticscaler created",
            "role.rbac.authorization.k8s.io/elasticscaler-leader-election created", "deployment.apps/elasticscaler created",
            "service/elasticscaler-metrics created", "poddisruptionbudget.policy/elasticscaler created",
        })
            Assert.Contains(line, first);
        // The sim makes the namespace and the service account at start, as it issues the account's token.
        Assert.Matches("(?m)^serviceaccount/elasticscaler (created|configured)$", first);
        foreach (var overlay in new[] { "deploy/overlays/ack", "deploy/overlays/dev" })
        {
            // kubectl always re-sends a PodDisruptionBudget's selector (its patch strategy is replace), so a real
            // server, and the sim, report it configured at every apply; nothing else may change.
            var changed = cluster.Printed(overlay).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.EndsWith(" configured", StringComparison.Ordinal) && l != "poddisruptionbudget.policy/elasticscaler configured");
            Assert.Equal(["deployment.apps/elasticscaler configured"], changed);
        }
        // The base again: the Deployment as deploy/ says, two replicas.
        Assert.Contains("deployment.apps/elasticscaler configured", cluster.Applied.Last(a => a.What == "deploy").Result.Stdout);
        var live = System.Text.Json.Nodes.JsonNode.Parse(cluster.Admin.Run("get", "deployment", "elasticscaler", "-n", "elasticscaler", "-o", "json").Ok("get").Stdout)!;
        Assert.Equal(2, (int?)live["spec"]!["replicas"]);
    }

    [SkippableFact]
    public void Apply_k_validates_strictly_so_a_misspelt_field_is_refused_not_dropped()
    {
        SkipWithoutKubectl();
        var dir = Directory.CreateTempSubdirectory("es-typo-");
        try
        {
            // The base with one misspelt field, as a user's own overlay might carry it.
            File.WriteAllText(Path.Combine(dir.FullName, "kustomization.yaml"), $"""
                resources: [{Path.GetRelativePath(dir.FullName, Repo.Path("deploy", "base"))}]
                patches:
                - patch: |-
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {"{"}name: elasticscaler, namespace: elasticscaler{"}"}
                    spec:
                      template:
                        spec:
                          containers:
                          - name: elasticscaler
                            securityContext: {"{"}readOnlyRootFileSystem: true{"}"}
                """);
            var r = cluster.Admin.Run("apply", "-k", dir.FullName);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("strict decoding error: unknown field \"spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem\"", r.Stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Every_sample_applies_and_kubectl_get_es_prints_the_crds_columns_with_the_split()
    {
        SkipWithoutKubectl();
        Assert.Contains("deployment.apps/wordpress configured", cluster.Printed("wordpress.yaml")); // the seed's own WordPress
        foreach (var (file, name) in new[] { ("placement-ecs-first.yaml", "storefront"), ("placement-ratio.yaml", "checkout"), ("placement-fixed.yaml", "search") })
            Assert.Contains($"elasticscaler.autoscaling.elasticscaler.io/{name} created", cluster.Printed(file));

        var lines = cluster.Admin.Run("get", "es", "-A").Ok("get es -A").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAMESPACE", "NAME", "MIN", "MAX", "DESIRED", "ECS", "ECI", "AGE"], Regex.Split(lines[0].Trim(), @"\s+"));
        var rows = lines[1..].Select(l => Regex.Split(l.Trim(), @"\s+")).ToDictionary(r => $"{r[0]}/{r[1]}", r => r[2..^1]);
        Assert.Equal(["22", "100", "33", "22", "11"], rows["wordpress/wordpress"]);
        Assert.Equal(["4", "70"], rows["shop/storefront"][..2]);
        Assert.Equal(["10", "100"], rows["shop/checkout"][..2]);
        Assert.Equal(["8", "50"], rows["shop/search"][..2]);
    }

    [SkippableFact]
    public void Every_sample_scaler_is_valid_and_acted_on()
    {
        SkipWithoutKubectl();
        var scalers = System.Text.Json.Nodes.JsonNode.Parse(cluster.Admin.Run("get", "es", "-A", "-o", "json").Ok("get es").Stdout)!["items"]!.AsArray();
        // Samples that are alternatives for one workload (the metrics-*.yaml files) share a name: each name is one object.
        var samples = Directory.EnumerateFiles(Repo.Path("deploy", "samples"), "*.yaml")
            .SelectMany(f => Yaml.Documents(File.ReadAllText(f))).Where(o => (string?)o["kind"] == "ElasticScaler")
            .Select(o => $"{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}").Distinct().Count();
        Assert.Equal(samples, scalers.Count);
        foreach (var es in scalers)
        {
            var conditions = es!["status"]?["conditions"]?.AsArray() ?? [];
            Assert.True(conditions.Count > 0, $"{es["metadata"]!["name"]} has no status yet");
            Assert.DoesNotContain(conditions, c => (string?)c!["reason"] is "InvalidSpec" or "InvalidSelector" or "FailedGetScale");
        }
    }

    [SkippableFact]
    public void The_service_account_was_refused_nothing_and_led_through_its_lease()
    {
        SkipWithoutKubectl();
        var requests = cluster.ScalerRequests();
        Assert.NotEmpty(requests);
        var refused = requests.Where(r => r.Code == 403).Select(r => $"{r.Verb} {r.Group}/{r.Resource}/{r.Subresource} {r.Namespace}/{r.Name}").Distinct().ToList();
        Assert.True(refused.Count == 0, "the service account was refused: " + string.Join("; ", refused));
        // What it did, under deploy/rbac's rights: the twin made, counts through /scale, status, events, the Lease.
        Assert.Contains(requests, r => r is { Verb: "create", Resource: "deployments", Code: 201, Name: null } );
        Assert.Contains(requests, r => r is { Verb: "patch", Resource: "deployments", Subresource: "scale" } && r.Code == 200);
        Assert.Contains(requests, r => r is { Verb: "update", Resource: "elasticscalers", Subresource: "status" } && r.Code == 200);
        Assert.Contains(requests, r => r is { Resource: "leases", Namespace: "elasticscaler" } && r.Code is 200 or 201);
        var lease = System.Text.Json.Nodes.JsonNode.Parse(cluster.Admin.Run("get", "lease", "elasticscaler", "-n", "elasticscaler", "-o", "json").Ok("get lease").Stdout)!;
        Assert.Equal(InstalledCluster.PodName, (string?)lease["spec"]!["holderIdentity"]);
    }

    [SkippableFact]
    public void The_twins_pods_run_on_the_virtual_node_with_the_options_defaults()
    {
        SkipWithoutKubectl();
        var twin = System.Text.Json.Nodes.JsonNode.Parse(cluster.Admin.Run("get", "deployment", "wordpress-eci", "-n", "wordpress", "-o", "json").Ok("get twin").Stdout)!;
        Assert.Equal(11, (int?)twin["spec"]!["replicas"]);
        var pod = twin["spec"]!["template"]!;
        Assert.Equal("virtual-kubelet", (string?)pod["spec"]!["nodeSelector"]!["type"]);
        Assert.Equal("true", (string?)pod["metadata"]!["labels"]!["alibabacloud.com/eci"]);
        Assert.Equal(11, cluster.EciPods());
    }
}

[CollectionDefinition(nameof(InstalledCollection))]
public sealed class InstalledCollection : ICollectionFixture<InstalledCluster>;
